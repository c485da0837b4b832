package io.concord.margin.sec;

import io.concord.margin.Explain;
import io.concord.margin.SiloResult;
import io.concord.model.Position;
import io.concord.model.PutCall;
import io.concord.model.SegregationClass;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.concord.margin.Fixtures.AS_OF;
import static io.concord.margin.Fixtures.RISK;
import static io.concord.margin.Fixtures.account;
import static io.concord.margin.Fixtures.market;
import static io.concord.margin.Fixtures.position;
import static io.concord.margin.Fixtures.product;
import static io.concord.margin.Fixtures.stock;
import static io.concord.margin.Fixtures.stockOption;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Worked examples of the strategies FINRA Rule 4210(f)(2) and the Cboe Margin Manual (April 2000, "Initial and
 * maintenance margin requirements") recognise, each computed by hand from the rule's formula, and the pairing the
 * optimizer picks when legs could pair more than one way.
 */
class StrategyPairingTest {

    private static final LocalDate EXPIRY = LocalDate.of(2027, 1, 15);
    private final StrategyMargin regT = new StrategyMargin(RISK.strategy());

    /** Margins the positions with XYZ priced at {@code spot} (a booked stock price, zero shares unless given). */
    private SiloResult margin(double spot, Position... ps) {
        List<Position> booked = new ArrayList<>(List.of(ps));
        booked.add(stock("XYZ", 0, spot));
        return regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST), List.of(ps), market(booked, Map.of()));
    }

    private static Position call(double strike, double qty, double premium) {
        return stockOption("XYZ", PutCall.CALL, strike, EXPIRY, qty, premium);
    }

    private static Position put(double strike, double qty, double premium) {
        return stockOption("XYZ", PutCall.PUT, strike, EXPIRY, qty, premium);
    }

    private static Explain child(SiloResult r, String labelStart) {
        return r.explain().children().stream().filter(e -> e.label().startsWith(labelStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + labelStart + " in " + r.explain().children().stream()
                        .map(Explain::label).toList()));
    }

    @Test
    void coveredCallValuesTheStockAtMostAtTheStrike() {
        // Cboe Margin Manual, "Short Call and Long Underlying": no margin on the short call; the long stock is margined
        // as stock (FINRA 4210(c): 25 %) and is valued at no more than the call's exercise price.
        // Long 300 XYZ at $52, short 2 calls strike 50 at $4: 2 covered calls = 2 x 25 % x min(52, 50) x 100 = 2,500;
        // the 100 shares left: 25 % x $5,200 = 1,300. Total 3,800 (uncovered the calls alone would be 2 x 1,440).
        SiloResult r = margin(52, stock("XYZ", 300, 52), call(50, -2, 4));
        assertThat(r.requirement()).isEqualTo(3_800.00);
        Explain cc = child(r, "covered call:");
        assertThat(cc.amount()).isEqualByComparingTo("2500.00");
        assertThat(cc.basis()).contains("Short Call and Long Underlying", "min(price 52, strike 50)");
        assertThat(child(r, "long 300 XYZ").label()).contains("(100 shares not paired)");
    }

    @Test
    void coveredPutTakesTheShortStockRequirementPlusTheInTheMoneyAmount() {
        // Cboe Margin Manual, "Short Put and Short Underlying": no margin on the put; the short stock requirement
        // (FINRA 4210(c)(2): max(30 %, $5/share)) plus the put's in-the-money amount. Short 100 XYZ at $52, short 1 put
        // strike 55 at $4.50: 30 % x 5,200 = 1,560 + (55 - 52) x 100 = 300 -> 1,860.
        SiloResult r = margin(52, stock("XYZ", -100, 52), put(55, -1, 4.50));
        assertThat(r.requirement()).isEqualTo(1_860.00);
        assertThat(child(r, "covered put:").basis()).contains("Short Put and Short Underlying");
    }

    @Test
    void shortStrangleIsTheGreaterSidePlusTheOtherPremium() {
        // Cboe Margin Manual, "Short Put and Short Call": the greater of the two uncovered requirements plus the
        // premium of the other side. XYZ at $45, short 47 call at $2.10, short 43 put at $1.20:
        // call 210 + max(20 % x 4,500 - 200 out of the money = 700, 10 % x 4,500 = 450) = 910;
        // put 120 + max(900 - 200 = 700, 10 % x 4,300 strike = 430) = 820 -> 910 + 120 = 1,030 (not 1,730).
        SiloResult r = margin(45, call(47, -1, 2.10), put(43, -1, 1.20));
        assertThat(r.requirement()).isEqualTo(1_030.00);
        assertThat(child(r, "short strangle:").basis()).contains("Short Put and Short Call",
                "the greater uncovered requirement (call 910.00 against put 820.00)");
        // same strike and expiry: a straddle, same rule
        SiloResult straddle = margin(45, call(45, -1, 2.50), put(45, -1, 2.00));
        // call 250 + max(900, 450) = 1,150; put 200 + max(900, 450) = 1,100 -> 1,150 + 200 = 1,350
        assertThat(straddle.requirement()).isEqualTo(1_350.00);
        assertThat(child(straddle, "short straddle:")).isNotNull();
    }

    @Test
    void longPutHedgingLongStock() {
        // Cboe Margin Manual, "Long Put and Long Underlying": the lesser of 10 % of the put's exercise price plus
        // 100 % of its out-of-the-money amount, or 25 % of the stock's value; the put is paid in full.
        // Long 100 XYZ at $52, long put 50 at $1.50: min(5 + 2 = 7, 13) x 100 = 700, + 150 = 850.
        SiloResult r = margin(52, stock("XYZ", 100, 52), put(50, 1, 1.50));
        assertThat(r.requirement()).isEqualTo(850.00);
        assertThat(child(r, "long put and long stock:").amount()).isEqualByComparingTo("700.00");
    }

    @Test
    void longCallHedgingShortStock() {
        // Cboe Margin Manual, "Long Call and Short Underlying": the lesser of 10 % of the call's exercise price plus
        // its out-of-the-money amount, or the short stock requirement; the call is paid in full.
        // Short 100 XYZ at $52, long call 55 at $1: min(5.50 + 3 = 8.50, 15.60) x 100 = 850, + 100 = 950.
        SiloResult r = margin(52, stock("XYZ", -100, 52), call(55, 1, 1.00));
        assertThat(r.requirement()).isEqualTo(950.00);
    }

    @Test
    void collar() {
        // Cboe Margin Manual, "Collar" (long stock, long put, short call): the lesser of 10 % of the put exercise price
        // plus 100 % of the put's out-of-the-money amount, or 25 % of the call exercise price; no requirement on the
        // call, the put paid in full. Long 100 XYZ at $52, long 50 put at $1.50, short 55 call at $1.20:
        // min(5 + 2 = 7, 13.75) x 100 = 700, + 150 = 850.
        SiloResult r = margin(52, stock("XYZ", 100, 52), put(50, 1, 1.50), call(55, -1, 1.20));
        assertThat(r.requirement()).isEqualTo(850.00);
        assertThat(child(r, "collar:").basis()).contains("Collar", "call strike 55");
    }

    @Test
    void conversionAndReverseConversion() {
        // Cboe Margin Manual, "Conversion" (long stock, long put, short call, same strike and expiry): 10 % of the
        // exercise price; the put paid in full. Long 100 at $52, long 50 put at $0.80, short 50 call at $3.20:
        // 10 % x 50 x 100 = 500, + 80 = 580 (a covered call alone would be 25 % x 50 x 100 = 1,250).
        SiloResult conversion = margin(52, stock("XYZ", 100, 52), put(50, 1, 0.80), call(50, -1, 3.20));
        assertThat(conversion.requirement()).isEqualTo(580.00);
        assertThat(child(conversion, "conversion:")).isNotNull();
        // "Reverse Conversion" (short stock, short put, long call, same strike and expiry): 10 % of the exercise price
        // plus the put's in-the-money amount; the call paid in full. Short 100 at $52, short 55 put at $4, long 55
        // call at $1.50: (5.50 + 3) x 100 = 850, + 150 = 1,000.
        SiloResult reverse = margin(52, stock("XYZ", -100, 52), put(55, -1, 4.00), call(55, 1, 1.50));
        assertThat(reverse.requirement()).isEqualTo(1_000.00);
        assertThat(child(reverse, "reverse conversion:")).isNotNull();
    }

    @Test
    void butterflies() {
        // Cboe Margin Manual, "Long Butterfly Spread": pay the long options in full, no further requirement (the
        // position cannot lose more than its cost). Long 45 call at $8, short 2 50 calls at $4, long 55 call at $1.50:
        // 800 + 150 = 950. Taken as two vertical spreads the 50/55 credit spread would add (55 - 50) x 100 = 500.
        SiloResult longFly = margin(52, call(45, 1, 8), call(50, -2, 4), call(55, 1, 1.50));
        assertThat(longFly.requirement()).isEqualTo(950.00);
        assertThat(child(longFly, "long butterfly:").amount()).isEqualByComparingTo("0.00");
        // "Short Butterfly Spread": the aggregate difference between the two lowest exercise prices (calls).
        // Short 45 call, long 2 50 calls at $4, short 55 call: (50 - 45) x 100 = 500, + 2 x 400 = 1,300.
        SiloResult shortFly = margin(52, call(45, -1, 8), call(50, 2, 4), call(55, -1, 1.50));
        assertThat(shortFly.requirement()).isEqualTo(1_300.00);
        assertThat(child(shortFly, "short butterfly:").amount()).isEqualByComparingTo("500.00");
        // puts: the two highest exercise prices: short 55 put, long 2 50 puts at $2, short 45 put -> 500 + 400
        SiloResult putFly = margin(52, put(55, -1, 4.5), put(50, 2, 2), put(45, -1, 0.5));
        assertThat(putFly.requirement()).isEqualTo(900.00);
    }

    @Test
    void shortBoxAndIronCondorAreChargedOneSide() {
        // Cboe Margin Manual, "Short Box Spread": a short call spread and a short put spread on the same two strikes
        // lose (55 - 50) x 100 = 500 whatever the price (not 500 per spread); long legs paid in full 120 + 150.
        SiloResult box = margin(52, call(50, -1, 3.50), call(55, 1, 1.20), put(55, -1, 4.00), put(50, 1, 1.50));
        assertThat(box.requirement()).isEqualTo(770.00);
        assertThat(child(box, "short box spread:").amount()).isEqualByComparingTo("500.00");
        // iron condor: short 55/60 call spread and short 45/40 put spread: only one side can lose: max(500, 500) = 500
        SiloResult condor = margin(52, call(55, -1, 1.20), call(60, 1, 0.40), put(45, -1, 0.90), put(40, 1, 0.30));
        assertThat(condor.requirement()).isEqualTo(570.00);
        assertThat(child(condor, "iron condor:")).isNotNull();
    }

    @Test
    void theOptimizerPicksTheCheapestPairingNotTheFirst() {
        // Short 2 calls strike 50 at $4 against long 100 XYZ at $52 and a long 45 call at $8: pairing one short call
        // with the long call (a debit spread, 0) and the other with the stock (covered call, 25 % x 50 x 100 = 1,250)
        // costs 1,250 + the long call 800 = 2,050. Any other pairing costs more: both calls uncovered 2,880 + stock
        // 1,300; one covered, one uncovered 1,250 + 1,440 + 800.
        SiloResult r = margin(52, stock("XYZ", 100, 52), call(50, -2, 4), call(45, 1, 8));
        assertThat(r.requirement()).isEqualTo(2_050.00);
        assertThat(r.explain().children()).extracting(Explain::label).anyMatch(l -> l.startsWith("spread:"))
                .anyMatch(l -> l.startsWith("covered call:"));
        assertThat(r.explain().basis()).contains("XYZ:", "candidate pairings", "taken 1 × debit call spread",
                "1 × covered call");
    }

    @Test
    void pairsAtRealisticSizes() {
        // 40 short calls against 2,500 shares and 15 long calls: 15 debit spreads, 25 covered calls, the rest uncovered;
        // the count of each strategy is a whole number of contracts.
        SiloResult r = margin(52, stock("XYZ", 2_500, 52), call(50, -40, 4), call(45, 15, 8));
        // 25 x 1,250 + 15 x 800 x 1 (long calls paid) = 31,250 + 12,000
        assertThat(r.requirement()).isEqualTo(31_250.00 + 12_000.00);
        assertThat(r.explain().basis()).contains("taken 15 × debit call spread", "25 × covered call");
    }

    @Test
    void shortSaleShowsTheRegTInitialOf150PercentAndTheMinimumEquity() {
        // Regulation T, 12 CFR 220.12(c)(1): a short sale requires 150 % of the security's current market value
        // (the proceeds plus 50 %); FINRA 4210(c)(2) maintenance max(30 %, $5/share); FINRA 4210(b): equity of at
        // least $2,000. Short 100 at $80: maintenance 2,400; initial max(12,000, 2,400, 2,000) = 12,000.
        SiloResult r = regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST), List.of(stock("BBB", -100, 80)),
                market(List.of(), Map.of()));
        assertThat(r.requirement()).isEqualTo(2_400.00);
        assertThat(r.explain().children().get(0).basis()).contains("Reg T initial 1.5 [", "= 12000.00");
        assertThat(r.explain().children().get(1).label()).startsWith("initial requirement 12000.00");
        // a small short sale: short 10 at $50, maintenance max(150, 50) = 150, Reg T 750, the $2,000 minimum binds
        SiloResult small = regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST),
                List.of(stock("BBB", -10, 50)), market(List.of(), Map.of()));
        assertThat(small.requirement()).isEqualTo(150.00);
        assertThat(small.explain().children().get(1).label()).startsWith("initial requirement 2000.00");
        // a purchase of $500: "cash need not be deposited in excess of the cost of any security purchased"
        SiloResult purchase = regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST),
                List.of(stock("AAA", 10, 50)), market(List.of(), Map.of()));
        assertThat(purchase.explain().children().get(1).label()).startsWith("initial requirement 500.00");
    }

    private static Position treasury(String code, LocalDate maturity, double face, double price) {
        return position(product(code, null, null, "IR:UST", 0.01, "SEC:UST", maturity, null, null, Map.of()), face,
                price);
    }

    @Test
    void treasuriesTakeTheBandOfTheirMaturityDate() {
        // FINRA Rule 4210(e)(2)(A): "less than one year to maturity 1%; one year but less than three years 2%; ...
        // five years but less than ten years 4%; ten years but less than twenty years 5%; twenty years or more 6%".
        // A 6-month bill (taxonomy bucket 0-2 years, 2 % by bucket) takes 1 %: 1,000,000 face at 98 = 980,000 x 1 %.
        SiloResult bill = regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST),
                List.of(treasury("RATES/GOVT/CASH_BOND_0_2Y", AS_OF.plusMonths(6), 1_000_000, 98)),
                market(List.of(), Map.of()));
        assertThat(bill.requirement()).isEqualTo(9_800.00);
        assertThat(bill.explain().children().get(0).basis()).contains("less than one year to maturity, 1%");
        // a 15-year bond (bucket 10+ years, 6 % by bucket) takes 5 %; exactly 10 years is not "less than ten years"
        assertThat(regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST),
                List.of(treasury("RATES/GOVT/CASH_BOND_10Y_PLUS", AS_OF.plusYears(15), 1_000_000, 100)),
                market(List.of(), Map.of())).requirement()).isEqualTo(50_000.00);
        assertThat(regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST),
                List.of(treasury("RATES/GOVT/CASH_BOND_5_10Y", AS_OF.plusYears(10), 1_000_000, 100)),
                market(List.of(), Map.of())).requirement()).isEqualTo(50_000.00);
        assertThat(regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST),
                List.of(treasury("RATES/GOVT/CASH_BOND_5_10Y", AS_OF.plusYears(10).minusDays(1), 1_000_000, 100)),
                market(List.of(), Map.of())).requirement()).isEqualTo(40_000.00);
        // no maturity date on the report: the bucket's rate
        assertThat(regT.margin(account("ACC-1", SegregationClass.SEC_15C3_3_CUST),
                List.of(treasury("RATES/GOVT/CASH_BOND_0_2Y", null, 1_000_000, 100)),
                market(List.of(), Map.of())).requirement()).isEqualTo(20_000.00);
    }
    @Test
    void longOptionWithMoreThanNineMonthsToExpiryHasA25PercentLoanValue() {
        // Cboe, Strategy-based Margin (Cboe Rule 10.3; Cboe Margin Manual, "Long Put or Long Call (more than 9
        // months until expiration)"): "Buyers of options can now buy equity options and equity index options on
        // margin, provided the option has more than nine (9) months until expiration. The initial (maintenance)
        // margin requirement is 75% of the cost (market value) of a listed, long term equity or equity index put or
        // call option." Nine months or less: paid in full. The business date is 2026-11-20, so "more than nine
        // months" is an expiry after 2027-08-20.
        // Long 2 XYZ 2028-01-21 50 calls at $9: 2 x 100 x 9 = 1,800 of value, 75 % = 1,350.
        LocalDate leap = LocalDate.of(2028, 1, 21);
        SiloResult alone = margin(52, stockOption("XYZ", PutCall.CALL, 50, leap, 2, 9));
        assertThat(alone.requirement()).isEqualTo(1_350.00);
        assertThat(alone.explain().children().get(0).basis()).contains("more than 9", "months to expiry", "× 0.75");
        // expiring exactly nine months after the business date (2027-08-20) is not "more than 9 months": 1,800
        assertThat(margin(52, stockOption("XYZ", PutCall.CALL, 50, AS_OF.plusMonths(9), 2, 9)).requirement())
                .isEqualTo(1_800.00);
        // A diagonal: short 1 XYZ 2027-01-15 55 call at $2 against the 2 long 2028 calls, XYZ at $52.
        // Uncovered, the short call would need 200 + max(20 % x 5,200 - 300 out of the money = 740, 10 % x 5,200 =
        // 520) = 940. As a debit call spread (long strike 50 below the short 55, long expiring after the short) it
        // needs 0 beyond paying the long call in full, which costs 25 % x 900 = 225 more than the long's 75 %: the
        // optimizer pairs it. Requirement: spread 0 + long calls 1 paired x 900 + 1 alone x 900 x 75 % = 1,575
        // (unpaired it would be 940 + 1,350 = 2,290).
        SiloResult diagonal = margin(52, call(55, -1, 2), stockOption("XYZ", PutCall.CALL, 50, leap, 2, 9));
        assertThat(diagonal.requirement()).isEqualTo(1_575.00);
        assertThat(diagonal.explain().basis()).contains("taken 1 × debit call spread");
        assertThat(child(diagonal, "long 2").basis()).contains("the 1 contracts in strategies paid in full");
    }
}
