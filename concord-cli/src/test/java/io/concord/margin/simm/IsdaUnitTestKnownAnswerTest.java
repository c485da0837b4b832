package io.concord.margin.simm;

import io.concord.model.SegregationClass;
import io.concord.model.Sensitivity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Known answers from ISDA's SIMM v2.5 unit tests, calculation currency USD, each at 10 days and at 1 day.
 *
 * <p>Source: ISDA's SIMM v2.5 unit-test portfolio (sensitivities S_IR_1, S_FXV_3, ..., combinations C1–C481 with
 * ISDA's expected SIMM, rounded to the dollar, for the 10-day and the 1-day calibration) as published with
 * AcadiaSoft's open-source simm-lib, commit "SIMM 2.5 update - passing all unit tests" (SimmCrifMixin,
 * SimmTenDayTest, SimmOneDayTest). The engine matches all 962 of them; this class keeps a representative set,
 * grouped by the methodology rule each one tests, and each must match within 1 USD.
 */
class IsdaUnitTestKnownAnswerTest {

    /** ISDA's sensitivities: id | RiskType | ProductClass | Qualifier | Bucket | Label1 | Label2 | Amount | AmountUSD. */
    static final Map<String, Sensitivity> ROWS = rows("""

            S_AN_1 | Param_AddOnNotionalFactor |  | Product Alpha |  |  |  | 12.5 | 
            S_AN_2 | Param_AddOnNotionalFactor |  | Product Bravo |  |  |  | 25.0 | 
            S_AN_3 | Notional |  | Product Alpha |  |  |  | 80000000 | 80000000
            S_AN_4 | Notional |  | Product Bravo |  |  |  | 60000000 | 60000000
            S_AN_5 | Notional |  | Product Bravo |  |  |  | 100000000 | 100000000
            S_AN_6 | Notional |  | Product Charlie |  |  |  | 40000000 | 40000000
            S_AN_7 | Param_AddOnFixedAmount |  |  |  |  |  | 10000000 | 10000000
            S_AN_8 | Param_AddOnFixedAmount |  |  |  |  |  | 20000000 | 20000000
            S_CM_3 | Risk_Commodity | Commodity | Crude oil Americas | 2 |  |  | 1500000000 | 1500000000
            S_CM_5 | Risk_Commodity | Commodity | Light Ends Europe | 3 |  |  | -360000000 | -360000000
            S_CM_30 | Risk_Commodity | Commodity | Ethanol | 16 |  |  | -25000000 | -25000000
            S_CM_31 | Risk_Commodity | Commodity | Random Length Lumber | 16 |  |  | -2000000 | -2000000
            S_CM_33 | Risk_Commodity | Credit | Natural Gas Index | 17 |  |  | 2000000 | 2000000
            S_CMV_1 | Risk_CommodityVol | Commodity | Coal Europe | 1 | 2w |  | 4000000 | 4000000
            S_CMV_2 | Risk_CommodityVol | Commodity | Coal Americas | 1 | 1m |  | 3000000 | 3000000
            S_CMV_3 | Risk_CommodityVol | Commodity | Coal Australia | 1 | 3m |  | -3000000 | -3000000
            S_CMV_4 | Risk_CommodityVol | Commodity | Crude oil Americas | 2 | 6m |  | -32000000 | -32000000
            S_CMV_6 | Risk_CommodityVol | Commodity | Light Ends Americas | 3 | 2y |  | 5500000 | 5500000
            S_CMV_9 | Risk_CommodityVol | Commodity | Freight Dry | 10 | 10y |  | 1000000 | 1000000
            S_CMV_11 | Risk_CommodityVol | Commodity | Precious Metals Gold | 12 | 1y |  | 12000000 | 12000000
            S_CMV_15 | Risk_CommodityVol | Commodity | Ethanol | 16 | 5y |  | 600000 | 600000
            S_CMV_17 | Risk_CommodityVol | Commodity | Crude oil Americas | 2 | 2w |  | 20000000 | 20000000
            S_CMV_18 | Risk_CommodityVol | Commodity | Coal Australia | 1 | 6m |  | 3000000 | 3000000
            S_CNV_1 | Risk_CreditVolNonQ | Credit | EU.IG | 1 | 1y | CMBX | 80000000 | 80000000
            S_CNV_2 | Risk_CreditVolNonQ | Credit | US.IG | 1 | 1y | CMBX | 30000000 | 30000000
            S_CNV_3 | Risk_CreditVolNonQ | Credit | US.IG | 1 | 2y | CMBX | -20000000 | -20000000
            S_CNV_6 | Risk_CreditVolNonQ | Credit | BR.HY | Residual | 1y | CMBX | 85000000 | 85000000
            S_CRNQ_1 | Risk_CreditNonQ | Credit | ISIN:AU3005621011 | 1 | 1y | CMBX | 6000000 | 6000000
            S_CRNQ_2 | Risk_CreditNonQ | Credit | ISIN:AU3005621011 | 1 | 2y | CMBX | 3000000 | 3000000
            S_CRNQ_3 | Risk_CreditNonQ | Credit | ISIN:AU3005621011 | 1 | 3y | CMBX | -3000000 | -3000000
            S_CRNQ_4 | Risk_CreditNonQ | Credit | ISIN:DE0314227036 | 1 | 2y | ABX | -2000000 | -2000000
            S_CRNQ_6 | Risk_CreditNonQ | Credit | ISIN:DE0314227036 | 1 | 5y | ABX | -4000000 | -4000000
            S_CRNQ_7 | Risk_CreditNonQ | Credit | ISIN:ES0338093059 | 2 | 3y | CMBX | -400000 | -400000
            S_CRNQ_8 | Risk_CreditNonQ | Credit | ISIN:ES0338093059 | 2 | 5y | CMBX | -200000 | -200000
            S_CRNQ_10 | Risk_CreditNonQ | Credit | ISIN:CA0359093012 | 2 | 1y | CMBX | 200000 | 200000
            S_CRNQ_13 | Risk_CreditNonQ | Credit | ISIN:UNKNOWN1 | Residual | 1y | ABX | 400000 | 400000
            S_CRNQ_14 | Risk_CreditNonQ | Credit | ISIN:UNKNOWN2 | Residual | 2y | CMBX | -200000 | -200000
            S_CRQ_1 | Risk_CreditQ | Credit | ISIN:BE0934259525 | 1 | 1y | USD | 800000 | 800000
            S_CRQ_2 | Risk_CreditQ | Credit | ISIN:BE0934259525 | 1 | 2y | USD | -300000 | -300000
            S_CRQ_3 | Risk_CreditQ | Credit | ISIN:CA112585AG91 | 2 | 2y | USD | 180000 | 180000
            S_CRQ_4 | Risk_CreditQ | Credit | ISIN:CA112585AG91 | 2 | 2y | EUR | -180000 | -180000
            S_CRQ_5 | Risk_CreditQ | Credit | ISIN:CA82028KAP62 | 3 | 3y | GBP | 180000 | 180000
            S_CRQ_18 | Risk_CreditQ | Credit | ISIN:UNKNOWN1 | Residual | 1y | USD | 180000 | 180000
            S_CRQ_19 | Risk_CreditQ | Credit | ISIN:UNKNOWN1 | Residual | 3y | USD | -100000 | -100000
            S_CRQ_20 | Risk_CreditQ | Credit | ISIN:UNKNOWN2 | Residual | 3y | EUR | 180000 | 180000
            S_CRQ_23 | Risk_BaseCorr | Credit | CDX IG |  |  |  | 500000 | 500000
            S_CRQ_24 | Risk_BaseCorr | Credit | CDX IG |  |  |  | -200000 | -200000
            S_CRQ_25 | Risk_BaseCorr | Credit | iTraxx Main |  |  |  | 400000 | 400000
            S_CRV_1 | Risk_CreditVol | Credit | ISIN:US1850531850 | 1 | 1y | USD | 120000000 | 120000000
            S_CRV_2 | Risk_CreditVol | Credit | ISIN:US1850531850 | 1 | 1y | GBP | 60000000 | 60000000
            S_CRV_5 | Risk_CreditVol | Credit | ISIN:CN0068511222 | 2 | 2y | CNY | -40000000 | -40000000
            S_CRV_6 | Risk_CreditVol | Credit | ISIN:CA2108230001 | Residual | 1y | USD | 10000000 | 10000000
            S_CRV_8 | Risk_CreditVol | Credit | ISIN:CA2108230001 | Residual | 10y | USD | -160000000 | -160000000
            S_EQ_1 | Risk_Equity | Equity | ISIN:INE044A01036 | 1 |  |  | 6000000 | 6000000
            S_EQ_2 | Risk_Equity | Equity | ISIN:INE406A01037 | 1 |  |  | 1000000 | 1000000
            S_EQ_3 | Risk_Equity | Equity | ISIN:CNE000000J28 | 2 |  |  | -2000000 | -2000000
            S_EQ_25 | Risk_Equity | Equity | JINV | 12 |  |  | 2000000 | 2000000
            S_EQ_26 | Risk_Equity | Equity | VSTOXX | 12 |  |  | -1000000 | -1000000
            S_EQ_27 | Risk_Equity | Equity | ISIN:UNKNOWN1 | Residual |  |  | 500000 | 500000
            S_EQV_1 | Risk_EquityVol | Equity | ISIN:AT000089755122 | 1 | 1m |  | 1200000 | 1200000
            S_EQV_2 | Risk_EquityVol | Equity | ISIN:AT016188495495 | 1 | 3m |  | 1000000 | 1000000
            S_EQV_6 | Risk_EquityVol | Equity | ISIN:AU002189533177 | 5 | 3y |  | 15000000 | 15000000
            S_EQV_7 | Risk_EquityVol | Equity | ISIN:CA842256904411 | 9 | 5y |  | -400000 | -400000
            S_EQV_9 | Risk_EquityVol | Equity | SPX | 11 | 15y |  | 30000000 | 30000000
            S_EQV_11 | Risk_EquityVol | Equity | VIX | 12 | 30y |  | 50000000 | 50000000
            S_EQV_12 | Risk_EquityVol | Equity | ISIN:GB770459100599 | Residual | 10y |  | 400000 | 400000
            S_EQV_14 | Risk_EquityVol | Equity | ISIN:AU001159751155 | 2 | 6m |  | -200000 | -200000
            S_EQV_15 | Risk_EquityVol | Equity | ISIN:AU001159751155 | 2 | 1m |  | 200000 | 200000
            S_EQV_16 | Risk_EquityVol | Equity | ISIN:AT000089755122 | 1 | 2y |  | -1200000 | -1200000
            S_FX_3 | Risk_FX | RatesFX | EUR |  |  |  | -5000000000 | -5000000000
            S_FX_4 | Risk_FX | RatesFX | USD |  |  |  | 610000000 | 610000000
            S_FX_5 | Risk_FX | RatesFX | GBP |  |  |  | 910000000 | 910000000
            S_FX_6 | Risk_FX | RatesFX | EUR |  |  |  | -900000000 | -900000000
            S_FX_9 | Risk_FX | RatesFX | TRY |  |  |  | 80000000 | 80000000
            S_FX_10 | Risk_FX | RatesFX | BRL |  |  |  | -300000000 | -300000000
            S_FX_11 | Risk_FX | Credit | BRL |  |  |  | 41000000 | 41000000
            S_FX_12 | Risk_FX | Credit | QAR |  |  |  | -40000000 | -40000000
            S_FXV_1 | Risk_FXVol | RatesFX | USDGBP |  | 3m |  | 24000000 | 24000000
            S_FXV_2 | Risk_FXVol | RatesFX | GBPUSD |  | 1y |  | 100000000 | 100000000
            S_FXV_3 | Risk_FXVol | RatesFX | BRLUSD |  | 2y |  | 80000000 | 80000000
            S_FXV_4 | Risk_FXVol | RatesFX | EURQAR |  | 1m |  | -20000000 | -20000000
            S_FXV_7 | Risk_FXVol | RatesFX | RUBTRY |  | 5y |  | -12000000 | -12000000
            S_FXV_8 | Risk_FXVol | RatesFX | KRWBRL |  | 10y |  | 30000000 | 30000000
            S_FXV_9 | Risk_FXVol | RatesFX | EURQAR |  | 1y |  | -40000000 | -40000000
            S_FXV_10 | Risk_FXVol | RatesFX | USDGBP |  | 1y |  | -24000000 | -24000000
            S_IR_1 | Risk_IRCurve | RatesFX | USD | 1 | 2w | OIS | 4000000 | 4000000
            S_IR_3 | Risk_IRCurve | RatesFX | USD | 1 | 1y | Municipal | 2000000 | 2000000
            S_IR_4 | Risk_IRCurve | RatesFX | USD | 1 | 1y | Prime | 3000000 | 3000000
            S_IR_5 | Risk_IRCurve | RatesFX | USD | 1 | 1y | Prime | -1000000 | -1000000
            S_IR_6 | Risk_IRCurve | RatesFX | EUR | 1 | 3y | Libor3m | -2000000 | -2000000
            S_IR_7 | Risk_IRCurve | RatesFX | EUR | 1 | 3y | Libor6m | 5000000 | 5000000
            S_IR_14 | Risk_IRCurve | RatesFX | CHF | 1 | 15y | Libor6m | -4000000 | -4000000
            S_IR_15 | Risk_IRCurve | RatesFX | CHF | 1 | 20y | Libor6m | 10000000 | 10000000
            S_IR_16 | Risk_IRCurve | RatesFX | CHF | 1 | 30y | Libor6m | 18000000 | 18000000
            S_IR_17 | Risk_Inflation | RatesFX | CHF |  |  |  | -10000000 | -10000000
            S_IR_18 | Risk_XCcyBasis | RatesFX | CHF |  |  |  | 30000000 | 30000000
            S_IR_19 | Risk_IRCurve | RatesFX | JPY | 2 | 2w | Libor1m | -1000000 | -1000000
            S_IR_20 | Risk_IRCurve | RatesFX | JPY | 2 | 1m | Libor1m | -1500000 | -1500000
            S_IR_21 | Risk_IRCurve | RatesFX | JPY | 2 | 3m | Libor3m | 1500000 | 1500000
            S_IR_22 | Risk_IRCurve | RatesFX | JPY | 2 | 6m | Libor3m | 2000000 | 2000000
            S_IR_23 | Risk_IRCurve | RatesFX | JPY | 2 | 1y | Libor6m | 3000000 | 3000000
            S_IR_24 | Risk_IRCurve | RatesFX | JPY | 2 | 2y | Libor6m | 4000000 | 4000000
            S_IR_25 | Risk_IRCurve | RatesFX | JPY | 2 | 3y | Libor6m | 5000000 | 5000000
            S_IR_26 | Risk_IRCurve | RatesFX | JPY | 2 | 5y | Libor12m | 20000000 | 20000000
            S_IR_27 | Risk_IRCurve | RatesFX | JPY | 2 | 10y | Libor12m | 30000000 | 30000000
            S_IR_28 | Risk_IRCurve | RatesFX | JPY | 2 | 15y | Libor12m | -1000000 | -1000000
            S_IR_29 | Risk_IRCurve | RatesFX | JPY | 2 | 20y | Libor12m | -2000000 | -2000000
            S_IR_30 | Risk_IRCurve | RatesFX | JPY | 2 | 30y | Libor12m | 3000000 | 3000000
            S_IR_31 | Risk_Inflation | RatesFX | JPY |  |  |  | 5000000 | 5000000
            S_IR_32 | Risk_XCcyBasis | RatesFX | JPY |  |  |  | 500000 | 500000
            S_IR_33 | Risk_IRCurve | RatesFX | CNY | 3 | 2w | OIS | 1000000 | 1000000
            S_IR_41 | Risk_IRCurve | Credit | BRL | 3 | 10y | Libor6m | 14000000 | 14000000
            S_IR_42 | Risk_IRCurve | Credit | BRL | 3 | 15y | Libor6m | 30000000 | 30000000
            S_IR_43 | Risk_IRCurve | Credit | BRL | 3 | 20y | Libor12m | -800000 | -800000
            S_IR_44 | Risk_IRCurve | Credit | BRL | 3 | 30y | Libor12m | -800000 | -800000
            S_IR_45 | Risk_Inflation | Credit | BRL |  |  |  | 2000000 | 2000000
            S_IR_46 | Risk_XCcyBasis | Credit | BRL |  |  |  | -1000000 | -1000000
            S_IRV_1 | Risk_IRVol | RatesFX | USD |  | 30y |  | 700000000 | 700000000
            S_IRV_2 | Risk_IRVol | RatesFX | JPY |  | 20y |  | 200000000 | 200000000
            S_IRV_6 | Risk_IRVol | RatesFX | EUR |  | 3y |  | 50000000 | 50000000
            S_IRV_7 | Risk_IRVol | RatesFX | CNY |  | 2y |  | 50000000 | 50000000
            S_IRV_12 | Risk_IRVol | RatesFX | JPY |  | 2w |  | 100000000 | 100000000
            S_IRV_13 | Risk_IRVol | RatesFX | EUR |  | 30y |  | -100000000 | -100000000
            S_IRV_14 | Risk_IRVol | RatesFX | EUR |  | 2y |  | -100000000 | -100000000
            S_IRV_16 | Risk_InflationVol | RatesFX | USD |  | 30y |  | 80000000 | 80000000
            S_IRV_17 | Risk_InflationVol | RatesFX | JPY |  | 20y |  | 40000000 | 40000000
            S_IRV_19 | Risk_InflationVol | RatesFX | CAD |  | 10y |  | 10000000 | 10000000
            S_IRV_21 | Risk_InflationVol | RatesFX | USD |  | 2w |  | -80000000 | -80000000
            S_IRV_22 | Risk_InflationVol | RatesFX | CAD |  | 30y |  | -10000000 | -10000000
            """);


    /**
     * SIMM v2.5, vega margin of Equity, Commodity and FX: the vega risk of risk factor k is
     * VR_k = HVR_c · Σ_j σ_kj · ∂V/∂σ_kj with σ_kj = RW_k · √(365/14) / α, α = Φ⁻¹(99%) and RW_k the delta risk
     * weight of k (the 1-day calibration: √(365/1.4)); the curvature exposure uses the same σ-scaled vega,
     * CVR_k = Σ_j SF(t_kj) · σ_kj · ∂V/∂σ_kj. FX σ takes the delta risk weight of the pair's two volatility groups.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            C402 | EQV Risk Weight | S_EQV_1 | 122437401 | 15717480
            C410 | EQV Risk Weight | S_EQV_9 | 319398481 | 62738250
            C433 | CMV Risk Weight | S_CMV_1 | 884522614 | 110477747
            C443 | CMV Risk Weight | S_CMV_11 | 299365581 | 66657143
            C336 | FXV Risk Weight (RR) & Scaling | S_FXV_1 | 293672895 | 35410613
            C338 | FXV Risk Weight (HR) & Scaling | S_FXV_3 | 735561188 | 130708131
            C342 | FXV Risk Weight (RR) & Scaling | S_FXV_7 | 93981649 | 19029930
            C343 | FXV Risk Weight (RH) & Scaling | S_FXV_8 | 230256188 | 45624155
            C356 | FXV Correlation (diff sign) | S_FXV_3 S_FXV_4 | 726509973 | 125294442
            C421 | EQV Intra-bucket Correlation (same sign; pos) | S_EQV_1 S_EQV_2 | 138312637 | 18283371
            C467 | CMV Inter-bucket Correlation (same sign) | S_CMV_1 S_CMV_6 | 1000375330 | 131467259
            """)
    void vegaScaledByVolatility(String id, String element, String ids, long tenDay, long oneDay) throws IOException {
        matches(id, ids, tenDay, oneDay);
    }

    /**
     * SIMM v2.5, historical volatility ratio: for Equity, Commodity and FX the HVR scales the vega risk before the
     * vega concentration threshold, VCR_k = max(1, √(|Σ VR_k| / VT_b)); for Interest Rates the HVR enters the
     * curvature margin only (multiplied by HVR_IR⁻²), never IR or inflation vega (WS = RW_vega · VR · VCR).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            C299 | IRV Risk Weight & Scaling | S_IRV_1 | 141335953 | 34041500
            C305 | IRV Risk Weight & Scaling | S_IRV_7 | 25431378 | 3573035
            C310 | IRV Risk Weight & Scaling | S_IRV_12 | 1731558006 | 132245110
            C311 | IRV Risk Weight & Scaling | S_IRV_13 | 18000000 | 4700000
            C318 | Concentration (reg vol; well traded) | S_IRV_1 S_IRV_1 S_IRV_1 S_IRV_1 S_IRV_1 | 725489864 | 170207498
            C322 | Concentration (low vol; w/inf) | S_IRV_2 S_IRV_2 S_IRV_2 S_IRV_2 S_IRV_2 S_IRV_17 | 280136691 | 50201383
            C327 | Intra-currency Correlation (Same Sign - Neg; mid theta) | S_IRV_6 S_IRV_14 | 18284953 | 3201464
            C330 | IRV Inflation Vol Aggregate same-currency (Opposite sign) | S_IRV_16 S_IRV_21 | 0 | 0
            C331 | IRV Inflation Vol Aggregate same-currency (Opposite sign; zero theta) | S_IRV_19 S_IRV_22 | 438170 | 32614
            C417 | EQV Concentration (bkt 9) | S_EQV_7 S_EQV_7 S_EQV_7 S_EQV_7 S_EQV_7 | 52324623 | 6971311
            C420 | EQV Concentration (residual) | S_EQV_12 S_EQV_12 S_EQV_12 S_EQV_12 S_EQV_12 | 59205059 | 7147946
            C454 | CMV Concentration (bkt 10) | S_CMV_9 S_CMV_9 S_CMV_9 S_CMV_9 S_CMV_9 | 560346449 | 62007436
            C346 | FXV Concentration (sig:other) | S_FXV_4 S_FXV_4 S_FXV_4 S_FXV_4 S_FXV_4 S_FXV_4 S_FXV_4 S_FXV_4 S_FXV_4 S_FXV_4 | 1391315861 | 167911148
            """)
    void hvrBeforeVegaConcentrationAndNeverOnIrVega(String id, String element, String ids, long tenDay, long oneDay) throws IOException {
        matches(id, ids, tenDay, oneDay);
    }

    /**
     * SIMM v2.5, Credit Non-Qualifying correlations within a bucket: 82% between risk factors of the same group
     * (CRIF Label2, the underlying index family such as CMBX or ABX), 27% between different groups, whatever the
     * Qualifier; 50% in the residual bucket. Concentration stays per Qualifier (issuer / tranche).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            C151 | CRNQ Concentration (bkt 2) | S_CRNQ_7 S_CRNQ_7 S_CRNQ_10 | 1163917523 | 161554944
            C153 | CRNQ Intra-bucket correlation (same name; same sign) | S_CRNQ_1 S_CRNQ_2 | 2417099088 | 569744785
            C155 | CRNQ Intra-bucket correlation (diff name; same sign) | S_CRNQ_3 S_CRNQ_4 | 1128368734 | 265972630
            C156 | CRNQ Intra-bucket correlation (diff name; opp sign) | S_CRNQ_3 S_CRNQ_6 | 1570997136 | 370306468
            C157 | CRNQ Intra-bucket correlation (residual) | S_CRNQ_13 S_CRNQ_14 | 450333210 | 86602540
            C158 | CRNQ Intra-bucket correlation (exceeds concentration threshold) | S_CRNQ_1 S_CRNQ_1 S_CRNQ_7 | 3600000104 | 757564519
            C162 | CRNQ Inter-bucket correlation (w/residual) | S_CRNQ_2 S_CRNQ_8 S_CRNQ_13 | 1293614891 | 283804244
            C394 | CNV Intra-bucket Correlation (same name) | S_CNV_2 S_CNV_3 | 16177568 | 1813297
            C395 | CNV Intra-bucket Correlation (diff name) | S_CNV_1 S_CNV_2 | 91637613 | 10329761
            C397 | CNV Intra-bucket Correlation (exceeds concentration threshold) | S_CNV_1 S_CNV_1 S_CNV_2 S_CNV_3 | 153010534 | 16592221
            C400 | CNV Inter-bucket Correlation (w/residual) | S_CNV_2 S_CNV_3 S_CNV_6 | 89893359 | 10119876
            """)
    void creditNonQualifyingCorrelatesByGroup(String id, String element, String ids, long tenDay, long oneDay) throws IOException {
        matches(id, ids, tenDay, oneDay);
    }

    /**
     * SIMM v2.5, Equity curvature: the curvature margin of bucket 12 (volatility indices) is zero; its vega
     * (vega risk weight 0.96 at 10 days, 0.25 at 1 day) and delta still count.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            C412 | EQV Risk Weight | S_EQV_11 | 1099890605 | 276416231
            C190 | EQ Risk Weight (bkt 12) | S_EQ_26 | 18000000 | 5900000
            C210 | EQ Intra Bucket Correlation (Bkt 12) | S_EQ_25 S_EQ_26 | 32199379 | 10554241
            """)
    void equityBucket12HasNoCurvature(String id, String element, String ids, long tenDay, long oneDay) throws IOException {
        matches(id, ids, tenDay, oneDay);
    }

    /**
     * SIMM v2.5, FX vega and curvature: the risk factors are currency pairs regardless of order, so GBPUSD and
     * USDGBP sensitivities net as one risk factor (and share one vega concentration threshold).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            C350 | FXV Aggregate (swapped currencies) | S_FXV_1 S_FXV_2 | 897298000 | 135263349
            C351 | FXV Aggregate (diff ccys;  opposite sign) | S_FXV_1 S_FXV_9 | 321415754 | 43352180
            C353 | FXV Aggregate (same ccy; diff tenor) | S_FXV_1 S_FXV_10 | 148802870 | 11445957
            C358 | FXV Correlation (same ccy; diff tenor; diff sign; mid theta) | S_FXV_1 S_FXV_10 S_FXV_10 S_FXV_10 S_FXV_10 S_FXV_10 | 381076274 | 80597351
            """)
    void fxVolPairIsOneRiskFactorInEitherOrder(String id, String element, String ids, long tenDay, long oneDay) throws IOException {
        matches(id, ids, tenDay, oneDay);
    }

    /**
     * SIMM v2.5, Interest Rate delta: WS_k = RW_k · s_k · CR_b for curve and inflation risk factors, with
     * CR_b = max(1, √(|Σ s| / T_b)) over the currency's curve and inflation sensitivities; the cross-currency
     * basis sensitivity is weighted WS = RW_XCcy · s with no concentration factor and stays out of that sum.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            C18 | IR Risk Weight (xccy) | S_IR_18 | 630000000 | 177000000
            C46 | IR Risk Weight (xccy) | S_IR_46 | 21000000 | 5900000
            C51 | Concentration (reg vol; w/inf & xccy) | S_IR_14 S_IR_15 S_IR_16 S_IR_14 S_IR_15 S_IR_16 S_IR_14 S_IR_15 S_IR_16 S_IR_17 S_IR_18 | 5369436086 | 1163280551
            C55 | Concentration (high vol; w/inf & xccy) | S_IR_41 S_IR_42 S_IR_43 S_IR_44 S_IR_45 S_IR_46 | 5123511762 | 1421420564
            C62 | Tenor Correlation (all tenors and subcurves; w/inf & xccy) | S_IR_19 S_IR_20 S_IR_21 S_IR_22 S_IR_23 S_IR_24 S_IR_25 S_IR_26 S_IR_27 S_IR_28 S_IR_29 S_IR_30 S_IR_31 S_IR_32 | 1285123641 | 414374458
            """)
    void crossCurrencyBasisHasNoConcentration(String id, String element, String ids, long tenDay, long oneDay) throws IOException {
        matches(id, ids, tenDay, oneDay);
    }

    /**
     * The rest of the v2.5 aggregation on the same test portfolio: interest rate weights by currency volatility
     * group, sub-curve (99%) and tenor correlations, γ across currencies with g_bc; FX risk weights and
     * correlations by volatility group of the calculation currency and the currencies; credit qualifying same
     * issuer (93%) and different issuer (42%), residual (50%), base correlation (10% weight, 24% correlation);
     * equity and commodity intra- and inter-bucket correlations, concentration, residual buckets added apart;
     * curvature θ, λ and SF(t); add-ons (notional factor, fixed amount) and ψ across risk classes.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            C1 | IR Risk Weight (regular; 2w) | S_IR_1 | 460000000 | 76000000
            C19 | IR Risk Weight (low vol; 2w) | S_IR_19 | 15000000 | 1700000
            C33 | IR Risk Weight (high vol; 2w) | S_IR_33 | 119000000 | 49000000
            C48 | Net Sensitivities (same tenor & subcurve; diff sign) | S_IR_4 S_IR_5 | 132000000 | 26000000
            C56 | Subcurve Correlation (same tenor; same sign) | S_IR_3 S_IR_4 | 329207047 | 64843812
            C57 | Subcurve Correlation (same tenor; diff sign) | S_IR_6 S_IR_7 | 169856410 | 48530403
            C63 | Inter bucket correlation (all pos) | S_IR_1 S_IR_22 S_IR_33 | 508561147 | 101096587
            C64 | Inter bucket correlation (one neg) | S_IR_1 S_IR_19 S_IR_33 | 498088747 | 99324770
            C70 | FX Risk Weight (RR) & correlation (RR) | S_FX_5 S_FX_6 | 6697306623 | 1629074584
            C72 | FX Risk Weight (RH) & correlation (RH) | S_FX_9 S_FX_10 | 3755176481 | 883570937
            C73 | FX Risk Weight (RH) & correlation (HR) | S_FX_11 S_FX_12 | 556243630 | 131515718
            C77 | FX Intercurrency Correlation (3 ccys) | S_FX_3 S_FX_4 S_FX_5 S_FX_6 | 44232872284 | 9903124961
            C99 | CRQ Risk Weight (residual) | S_CRQ_18 | 119700000 | 25920000
            C104 | CRQ Risk Weight (base corr) | S_CRQ_23 | 5000000 | 1250000
            C111 | CRQ Intra-bucket Correlation (same name; diff tenor) | S_CRQ_1 S_CRQ_2 | 39940581 | 11183363
            C112 | CRQ Intra-bucket Correlation (same name; diff ccy) | S_CRQ_3 S_CRQ_4 | 6128835 | 1818445
            C117 | CRQ Intra-bucket Correlation (residual; diff name) | S_CRQ_19 S_CRQ_20 | 103876321 | 22493519
            C118 | CRQ Inter-bucket Correlation (exceeds concentration threshold) | S_CRQ_3 S_CRQ_3 S_CRQ_5 | 53038252 | 11336971
            C131 | CRQ Base Corr Netting | S_CRQ_23 S_CRQ_24 | 3000000 | 750000
            C132 | CRQ Base Corr Correlation | S_CRQ_23 S_CRQ_24 S_CRQ_25 | 5546170 | 1386542
            C165 | EQ Risk Weight (bkt 1) | S_EQ_1 | 156000000 | 55800000
            C193 | EQ Concentration (bkt 1-4) | S_EQ_1 S_EQ_1 | 341778876 | 111600000
            C199 | EQ Intra Bucket Correlation (Bkt 1) | S_EQ_1 S_EQ_2 | 162702674 | 58197495
            C211 | EQ Intra Bucket Correlation (exceeds concentration threshold) | S_EQ_1 S_EQ_1 S_EQ_2 | 347000173 | 113642804
            C215 | EQ Inter-bucket Correlation (w/residual) | S_EQ_1 S_EQ_3 S_EQ_27 | 171847021 | 60290071
            C253 | CM Risk Weight (bkt 16) | S_CM_30 | 1450000000 | 400000000
            C288 | CM Inter Bucket Correlation (w/residual) | S_CM_3 S_CM_5 S_CM_31 | 32586062297 | 10954277156
            C360 | CRV  Risk Weight | S_CRV_1 | 104069351 | 11726935
            C370 | CRV Concentration (same tenor; diff quanto; same sign) | S_CRV_1 S_CRV_2 S_CRV_1 S_CRV_2 | 353179262 | 34582438
            C375 | CRV Intra-bucket Correlation (residual; same name) | S_CRV_6 S_CRV_8 | 116218377 | 13329497
            C380 | CRV Inter-bucket (w/residual) | S_CRV_1 S_CRV_5 S_CRV_6 | 106337849 | 11975785
            C424 | EQV Intra-bucket Correlation (diff sign; same rf) | S_EQV_1 S_EQV_16 | 100207338 | 11334676
            C429 | EQV Inter-bucket Correlation (w/residual) | S_EQV_2 S_EQV_6 S_EQV_12 | 254592476 | 47294058
            C431 | EQV Aggregate (opposite sign) | S_EQV_14 S_EQV_15 | 15639941 | 1713361
            C461 | CMV Aggregate (same qualifier; pos) | S_CMV_4 S_CMV_17 | 4021049331 | 451306422
            C462 | CMV Aggregate (same qualifier; neg) | S_CMV_3 S_CMV_18 | 0 | 0
            C469 | CMV Inter-bucket Correlation (w/residual) | S_CMV_2 S_CMV_9 S_CMV_15 | 376866631 | 56039255
            C473 | One Trade | S_AN_1 S_AN_3 | 10000000 | 10000000
            C474 | Multi Trades | S_AN_2 S_AN_4 S_AN_5 | 40000000 | 40000000
            C475 | Fixed Amount | S_AN_7 S_AN_8 | 30000000 | 30000000
            C476 | All Notional | S_AN_1 S_AN_2 S_AN_3 S_AN_4 S_AN_5 S_AN_6 S_AN_7 S_AN_8 | 80000000 | 80000000
            C477 | Risk Class Correlations | S_IR_41 S_FX_11 S_CRQ_1 S_CRNQ_1 S_EQ_25 S_CM_33 | 2570753170 | 736362989
            """)
    void otherRules(String id, String element, String ids, long tenDay, long oneDay) throws IOException {
        matches(id, ids, tenDay, oneDay);
    }

    private static void matches(String id, String ids, long tenDay, long oneDay) throws IOException {
        List<Sensitivity> rows = new ArrayList<>();
        for (String s : ids.split(" ")) {
            rows.add(ROWS.get(s));
        }
        assertThat(engine(Horizon.TEN_DAY).compute(rows).total()).as(id + " 10-day").isCloseTo(tenDay, within(1.0));
        assertThat(engine(Horizon.ONE_DAY).compute(rows).total()).as(id + " 1-day").isCloseTo(oneDay, within(1.0));
    }

    private static final Map<Horizon, SimmEngine> ENGINES = new java.util.EnumMap<>(Horizon.class);

    private static synchronized SimmEngine engine(Horizon h) throws IOException {
        SimmEngine e = ENGINES.get(h);
        if (e == null) {
            e = SimmKnownAnswerTest.engine(h);
            ENGINES.put(h, e);
        }
        return e;
    }

    private static Map<String, Sensitivity> rows(String table) {
        Map<String, Sensitivity> m = new HashMap<>();
        for (String line : table.strip().split("\n")) {
            String[] f = line.split("\\|", -1);
            for (int i = 0; i < f.length; i++) {
                f[i] = f[i].strip();
            }
            BigDecimal usd = f[8].isEmpty() ? null : new BigDecimal(f[8]);
            m.put(f[0], new Sensitivity(null, null, SegregationClass.UNCLEARED_IM_SEG, f[0], "SIMM",
                    f[2].isEmpty() ? null : f[2], f[1], f[3], f[4], f[5], f[6], new BigDecimal(f[7]),
                    usd == null ? null : "USD", usd, null, null, null));
        }
        return m;
    }
}
