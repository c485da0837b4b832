package io.concord.margin.harmonized;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarketContext;
import io.concord.margin.Positions;
import io.concord.margin.harmonized.Harmonized.Offset;
import io.concord.margin.harmonized.Harmonized.Portfolio;
import io.concord.margin.harmonized.Harmonized.ProtectionMove;
import io.concord.margin.harmonized.Harmonized.Stayed;
import io.concord.model.CollateralLine;
import io.concord.model.Position;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Harmonized cross-silo portfolio margin. For each customer (an account, or the accounts customers.yaml links) the
 * positions of its eligible accounts on shared risk factors that today sit in at least two silos are revalued
 * together over joint scan ranges (the widest of the silos' ranges), factor by factor; configured credits offset
 * factors whose exposures run opposite ways; every other position stays in its silo, which recomputes the
 * requirement of what stays. The saving (siloed − harmonized) is never negative and never above the cap.
 */
public final class HarmonizedMargin {

    /** What the harmonized run needs from the siloed engine. */
    public interface Silos {
        /** The silo that margins {@code p} in {@code account}, or null when none does. */
        String siloOf(MarginAccount account, Position p);

        /** The siloed requirement (USD) of these positions of {@code account}. */
        double siloed(MarginAccount account, List<Position> positions);
    }

    /** One account of the run with its siloed figures and inputs. */
    public record Member(MarginAccount account, BigDecimal siloedTotal, BigDecimal collateralPostHaircut,
                         List<Position> positions, List<CollateralLine> lines) {
    }

    private final HarmonizedParameters params;
    private final Exposures exposures;
    /** Why an account of an ineligible class stays siloed, after its class (the same for every such account). */
    private final String ineligibleWhy;

    public HarmonizedMargin(HarmonizedParameters params, Exposures exposures) {
        this.params = params;
        this.exposures = exposures;
        this.ineligibleWhy = " may not be cross-margined (" + params.eligibleSource() + "; eligible: "
                + new TreeSet<>(params.eligible()) + "): the account stays siloed";
    }

    public HarmonizedParameters parameters() {
        return params;
    }

    /** Whether an account of this segregation class may be cross-margined. */
    public boolean eligible(io.concord.model.SegregationClass segregationClass) {
        return params.eligible().contains(segregationClass);
    }

    /** The harmonized margin of an account whose segregation class may not be cross-margined: its siloed figure. */
    public Harmonized ineligible(Member m) {
        return alone(m, false, "segregation class " + m.account().segregationClass() + ineligibleWhy);
    }

    /** Harmonized margin of every member, keyed by account. */
    public Map<MarginAccount, Harmonized> run(List<Member> members, MarketContext market, Silos silos) {
        Map<MarginAccount, Harmonized> out = new LinkedHashMap<>();
        Map<String, List<Member>> portfolios = new TreeMap<>();
        for (Member m : members) {
            MarginAccount a = m.account();
            if (!eligible(a.segregationClass())) {
                out.put(a, ineligible(m));
            } else {
                portfolios.computeIfAbsent(a.firm() + "|" + params.customer(a.firm(), a.account()),
                        k -> new ArrayList<>()).add(m);
            }
        }
        portfolios.forEach((key, ms) -> out.putAll(portfolio(key.substring(key.indexOf('|') + 1), ms, market, silos)));
        return out;
    }

    private Harmonized alone(Member m, boolean eligible, String why) {
        Portfolio p = new Portfolio(params.customer(m.account().firm(), m.account().account()),
                List.of(label(m.account())), m.siloedTotal(), m.siloedTotal(), Explain.usd(0), Explain.usd(0),
                Explain.usd(0), Explain.usd(0), 1);
        return new Harmonized(eligible, p, m.siloedTotal(), Explain.usd(0), false, List.of(), List.of(), List.of(),
                Explain.of("harmonized requirement", m.siloedTotal().doubleValue(), why, List.of()));
    }

    private static String label(MarginAccount a) {
        return a.account() + " (" + a.segregationClass() + ")";
    }

    private Map<MarginAccount, Harmonized> portfolio(String customer, List<Member> members, MarketContext market,
                                                     Silos silos) {
        // every position's exposures on shared factors, or why it cannot have any
        Map<Position, List<Exposure>> byPosition = new LinkedHashMap<>();
        Map<Position, String> stayReason = new LinkedHashMap<>();
        List<Exposure> collateral = new ArrayList<>();
        for (Member m : members) {
            for (Position p : m.positions()) {
                String silo = silos.siloOf(m.account(), p);
                if (silo == null) {
                    stayReason.put(p, "no silo margins it (listed as unmargined)");
                    continue;
                }
                try {
                    byPosition.put(p, exposures.of(p, silo, market));
                } catch (Exposures.NotJoinable e) {
                    stayReason.put(p, e.getMessage());
                }
            }
            for (CollateralLine c : m.lines()) {
                try {
                    Exposure e = exposures.of(c, m.account(), market);
                    if (e != null) {
                        collateral.add(e);
                    }
                } catch (MarketContext.Missing e) {
                    // collateral that cannot be valued offsets nothing; its valuation says why
                }
            }
        }
        Map<String, Set<String>> books = new TreeMap<>();
        byPosition.values().forEach(es -> es.forEach(e -> books.computeIfAbsent(e.factor(), k -> new TreeSet<>())
                .add(e.book())));
        collateral.forEach(e -> books.computeIfAbsent(e.factor(), k -> new TreeSet<>()).add(e.book()));
        List<Exposure> joined = new ArrayList<>();
        Set<Position> joinedPositions = new LinkedHashSet<>();
        byPosition.forEach((p, es) -> {
            if (es.stream().anyMatch(e -> books.get(e.factor()).size() > 1)) {
                joined.addAll(es);
                joinedPositions.add(p);
            } else {
                String f = es.get(0).factor();
                stayReason.put(p, "nothing on " + f + " in another silo to offset (only " + books.get(f) + ")");
            }
        });
        for (Exposure e : collateral) {
            if (books.get(e.factor()).size() > 1) {
                joined.add(e);
            }
        }

        double siloed = members.stream().mapToDouble(m -> m.siloedTotal().doubleValue()).sum();
        Map<MarginAccount, Double> joinedSiloedBy = new LinkedHashMap<>();
        double remainderTotal = 0;
        for (Member m : members) {
            List<Position> stay = m.positions().stream().filter(p -> !joinedPositions.contains(p)).toList();
            double r = stay.size() == m.positions().size() ? m.siloedTotal().doubleValue()
                    : silos.siloed(m.account(), stay);
            joinedSiloedBy.put(m.account(), Math.max(0, m.siloedTotal().doubleValue() - r));
            remainderTotal += r;
        }
        double joinedSiloed = Math.max(0, siloed - remainderTotal);

        JointScan scan = new JointScan(params, joined);
        double joint = scan.requirement();
        double uncappedTotal = remainderTotal + joint;
        double uncapped = siloed - uncappedTotal;
        double cap = params.savingCap().value() * joinedSiloed;
        double saving = Math.max(0, Math.min(uncapped, cap));
        boolean capped = uncapped > cap;
        double total = siloed - saving;

        List<Offset> offsets = new ArrayList<>(scan.offsets());
        double explained = offsets.stream().mapToDouble(o -> o.amount().doubleValue()).sum();
        if (!joined.isEmpty() && Math.abs(uncapped - explained) >= 0.005) {
            offsets.add(new Offset("ALIGNMENT", scan.factors(), scan.books(), Explain.usd(uncapped - explained),
                    "the silos' own requirement for the joined positions " + money(joinedSiloed) + " against "
                            + "the sum of their standalone requirements over the joint scan ranges "
                            + money(joinedSiloed - (uncapped - explained)) + " (wider ranges and other methods than "
                            + "the silos' own make it negative)"));
        }

        List<Explain> kids = new ArrayList<>();
        kids.add(Explain.of("siloed requirement", siloed, "sum of the accounts' siloed totals " + members.stream()
                .map(m -> label(m.account()) + " " + money(m.siloedTotal().doubleValue())).toList(), List.of()));
        kids.add(Explain.of("positions that stay siloed", remainderTotal, "their silos' requirement recomputed "
                + "without the joined positions", stayReason.entrySet().stream().map(e -> Explain.note(
                Positions.describe(e.getKey()), e.getValue())).toList()));
        kids.add(scan.explain());
        String why;
        if (joined.isEmpty()) {
            why = "no shared risk factor holds positions of two silos: nothing to offset, the siloed figure stands";
        } else if (uncapped <= 0) {
            why = "harmonized " + money(uncappedTotal) + " would not be below siloed " + money(siloed)
                    + " (by " + money(-uncapped) + "): the siloed figure is kept, saving 0";
        } else if (capped) {
            why = "saving " + money(uncapped) + " capped at " + params.savingCap().cite() + " × the silos' "
                    + "requirement for the joined positions " + money(joinedSiloed) + " = " + money(cap);
        } else {
            why = "siloed " + money(siloed) + " − (stays siloed " + money(remainderTotal) + " + joint "
                    + money(joint) + ") = saving " + money(saving) + ", under the cap " + money(cap);
        }
        Explain explain = Explain.of("harmonized requirement", total, why, kids);

        List<String> labels = members.stream().map(m -> label(m.account())).toList();
        List<ProtectionMove> impact = protectionImpact(members, joinedPositions, joinedSiloedBy, market);
        Map<MarginAccount, Harmonized> out = new LinkedHashMap<>();
        for (Member m : members) {
            double share = joinedSiloed > 0 ? joinedSiloedBy.get(m.account()) / joinedSiloed
                    : members.size() == 1 ? 1 : 0;
            Portfolio p = new Portfolio(customer, labels, Explain.usd(siloed), Explain.usd(total),
                    Explain.usd(saving), Explain.usd(uncapped), Explain.usd(cap), Explain.usd(joinedSiloed), share);
            double mySaving = saving * share;
            List<Stayed> stayed = new ArrayList<>();
            for (Position pos : m.positions()) {
                String reason = stayReason.get(pos);
                if (reason != null) {
                    stayed.add(new Stayed(Positions.describe(pos), pos.product().riskFactor(), reason));
                }
            }
            out.put(m.account(), new Harmonized(true, p, Explain.usd(m.siloedTotal().doubleValue() - mySaving),
                    Explain.usd(mySaving), capped && saving > 0, offsets, impact, stayed, explain));
        }
        return out;
    }

    private List<ProtectionMove> protectionImpact(List<Member> members, Set<Position> joined,
                                                  Map<MarginAccount, Double> joinedSiloedBy, MarketContext market) {
        Set<io.concord.model.SegregationClass> classes = new TreeSet<>();
        for (Member m : members) {
            if (m.positions().stream().anyMatch(joined::contains)) {
                classes.add(m.account().segregationClass());
            }
        }
        if (classes.size() <= 1) {
            return List.of(); // the joined positions already share one class: nothing changes regime
        }
        var to = params.portfolioClass();
        List<ProtectionMove> out = new ArrayList<>();
        for (Member m : members) {
            List<Position> moving = m.positions().stream().filter(joined::contains).toList();
            if (moving.isEmpty() || m.account().segregationClass() == to) {
                continue;
            }
            double value = 0;
            for (Position p : moving) {
                value += Math.abs(Exposures.usdValue(p, market));
            }
            double margin = joinedSiloedBy.get(m.account());
            double coll = Math.min(m.collateralPostHaircut().doubleValue(), margin);
            out.add(new ProtectionMove(m.account().account(), m.account().segregationClass(),
                    m.account().segregationClass().description(), to, to.description() + " [" + params.portfolioSource()
                    + "]", moving.size(), Explain.usd(value), Explain.usd(margin), Explain.usd(Math.max(0, coll))));
        }
        return out;
    }

    static String money(double v) {
        return String.format(java.util.Locale.ROOT, "%,.2f", v);
    }
}
