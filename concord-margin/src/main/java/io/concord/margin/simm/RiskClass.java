package io.concord.margin.simm;

/** The six SIMM risk classes, in the order of the cross-risk-class correlation table (psi). */
public enum RiskClass {
    InterestRate, CreditQualifying, CreditNonQualifying, Equity, Commodity, FX;

    /** The risk class of a CRIF risk type, or null for rows that are not SIMM sensitivities (Param_, Notional, PV). */
    public static RiskClass of(String riskType) {
        return switch (riskType) {
            case "Risk_IRCurve", "Risk_Inflation", "Risk_XCcyBasis", "Risk_IRVol", "Risk_InflationVol" -> InterestRate;
            case "Risk_CreditQ", "Risk_CreditVol", "Risk_BaseCorr" -> CreditQualifying;
            case "Risk_CreditNonQ", "Risk_CreditVolNonQ" -> CreditNonQualifying;
            case "Risk_Equity", "Risk_EquityVol" -> Equity;
            case "Risk_Commodity", "Risk_CommodityVol" -> Commodity;
            case "Risk_FX", "Risk_FXVol" -> FX;
            default -> null;
        };
    }

    /** Whether the CRIF risk type is a volatility (vega / curvature) sensitivity. */
    public static boolean isVol(String riskType) {
        return riskType.endsWith("Vol") || riskType.equals("Risk_CreditVolNonQ");
    }
}
