package io.concord.margin;

import io.concord.margin.cftc.SpanMargin;
import io.concord.margin.collateral.CollateralSummary;
import io.concord.margin.collateral.Haircuts;
import io.concord.margin.event.EventMargin;
import io.concord.margin.harmonized.Exposures;
import io.concord.margin.harmonized.Harmonized;
import io.concord.margin.harmonized.HarmonizedMargin;
import io.concord.margin.schedule.ScheduleMargin;
import io.concord.margin.sec.PortfolioMargin;
import io.concord.margin.sec.StrategyMargin;
import io.concord.margin.simm.SimmSilo;
import io.concord.mapping.Taxonomy;
import io.concord.mapping.TaxonomyNode;
import io.concord.model.CollateralLine;
import io.concord.model.Position;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Siloed margin for a run: takes the booked positions and the collateral lines, margins the latest business
 * date, and gives each firm, account and segregation class its silos' requirements, its collateral after
 * haircuts and its excess or deficit.
 *
 * <p>Which silo margins a position: its taxonomy node's silo, except that a securities account not approved for
 * portfolio margin goes from SEC_PM to SEC_REGT, and SIMM positions go to the SIMM silo where one is registered
 * and covers the account, otherwise to SCHEDULE. A cleared swap is margined by its clearing house and is listed
 * as unmargined here.
 */
public final class MarginEngine {

    /** Taxonomy silo → silos to try in order. */
    private static final Map<String, List<String>> ROUTES = Map.of(
            SimmSilo.ID, List.of(SimmSilo.ID, ScheduleMargin.ID),
            PortfolioMargin.ID, List.of(PortfolioMargin.ID),
            StrategyMargin.ID, List.of(StrategyMargin.ID),
            SpanMargin.ID, List.of(SpanMargin.ID),
            EventMargin.ID, List.of(EventMargin.ID),
            ScheduleMargin.ID, List.of(ScheduleMargin.ID));

    /** Order of silos in margin.json. */
    private static final List<String> ORDER = List.of(PortfolioMargin.ID, StrategyMargin.ID, SpanMargin.ID,
            EventMargin.ID, SimmSilo.ID, ScheduleMargin.ID);

    private final Taxonomy taxonomy;
    private final RiskParameters params;
    private final Map<String, MarginSilo> silos = new LinkedHashMap<>();
    private final Haircuts haircuts;
    private final HarmonizedMargin harmonized;
    private final String whatIf;

    public MarginEngine(Taxonomy taxonomy, RiskParameters params, List<MarginSilo> silos) {
        this(taxonomy, params, silos, null);
    }

    private MarginEngine(Taxonomy taxonomy, RiskParameters params, List<MarginSilo> silos, String whatIf) {
        this.taxonomy = taxonomy;
        this.params = params;
        silos.forEach(s -> this.silos.put(s.id(), s));
        this.haircuts = new Haircuts(params.collateral());
        this.harmonized = new HarmonizedMargin(params.harmonized(), new Exposures(params.harmonized(), params));
        this.whatIf = whatIf;
    }

    /** This engine in the {@code harmonize-all} what-if: every segregation class may be cross-margined. */
    public MarginEngine harmonizeAll() {
        return new MarginEngine(taxonomy, params.harmonizeAll(), List.copyOf(silos.values()), WHAT_IF_ALL);
    }

    /** The what-if name of {@link #harmonizeAll()}. */
    public static final String WHAT_IF_ALL = "harmonize-all";

    /** The engine with every silo built from the parameter files. */
    public static MarginEngine standard(Taxonomy taxonomy, RiskParameters params) {
        return new MarginEngine(taxonomy, params, List.of(new PortfolioMargin(params.portfolioMargin()),
                new StrategyMargin(params.strategy()), new SpanMargin(params.span()),
                new EventMargin(params.eventPayout()), new ScheduleMargin(params.schedule())));
    }

    /** This engine with one more silo (e.g. SIMM), replacing any with the same id. */
    public MarginEngine with(MarginSilo silo) {
        List<MarginSilo> all = new ArrayList<>(silos.values());
        all.removeIf(s -> s.id().equals(silo.id()));
        all.add(silo);
        return new MarginEngine(taxonomy, params, all, whatIf);
    }

    public RiskParameters parameters() {
        return params;
    }

    public MarginReport run(String mappingsVersion, Collection<Position> book, Collection<CollateralLine> collateral) {
        LocalDate asOf = null;
        TreeMap<LocalDate, int[]> dates = new TreeMap<>();
        for (Position p : book) {
            dates.computeIfAbsent(p.asOf(), d -> new int[2])[0]++;
        }
        for (CollateralLine c : collateral) {
            dates.computeIfAbsent(c.asOf(), d -> new int[2])[1]++;
        }
        if (!dates.isEmpty()) {
            asOf = dates.lastKey();
        }
        List<MarginReport.EarlierDate> earlier = new ArrayList<>();
        dates.headMap(asOf == null ? LocalDate.MAX : asOf).forEach((d, n) ->
                earlier.add(new MarginReport.EarlierDate(d, n[0], n[1])));
        // a silo's own inputs carry no business date (CRIF rows): they are margined on the run's date, and without
        // one when they are all the run holds
        if (asOf == null && silos.values().stream().allMatch(s -> s.accounts().isEmpty())) {
            return new MarginReport(null, mappingsVersion, params.version(), whatIf, List.of(), earlier);
        }
        MarketContext market = new MarketContext(asOf, params.marketData(), book);
        Map<MarginAccount, List<Position>> positions = new TreeMap<>(ACCOUNT_ORDER);
        Map<MarginAccount, List<CollateralLine>> lines = new TreeMap<>(ACCOUNT_ORDER);
        for (Position p : book) {
            if (asOf.equals(p.asOf())) {
                positions.computeIfAbsent(new MarginAccount(p.firmLei(), p.account(), p.segregationClass()),
                        k -> new ArrayList<>()).add(p);
            }
        }
        for (CollateralLine c : collateral) {
            if (asOf.equals(c.asOf())) {
                MarginAccount a = new MarginAccount(c.ownerLei(), c.account(), c.segregationClass());
                lines.computeIfAbsent(a, k -> new ArrayList<>()).add(c);
                positions.putIfAbsent(a, new ArrayList<>());
            }
        }
        for (MarginSilo s : silos.values()) {
            s.accounts().forEach(a -> positions.putIfAbsent(a, new ArrayList<>()));
        }
        List<AccountMargin> siloed = new ArrayList<>();
        List<HarmonizedMargin.Member> members = new ArrayList<>();
        positions.forEach((a, ps) -> {
            List<CollateralLine> cl = lines.getOrDefault(a, List.of());
            AccountMargin m = account(a, ps, cl, market);
            siloed.add(m);
            members.add(new HarmonizedMargin.Member(a, m.siloedTotal(), m.collateral().postHaircut(), ps, cl));
        });
        Map<MarginAccount, Harmonized> h = harmonized.run(members, market, new HarmonizedMargin.Silos() {
            @Override
            public String siloOf(MarginAccount account, Position p) {
                TaxonomyNode node = taxonomy.node(p.product().taxonomy()).orElse(null);
                String silo = node == null ? "!" : route(account, p, node);
                return silo.startsWith("!") ? null : silo;
            }

            @Override
            public double siloed(MarginAccount account, List<Position> stay) {
                return account(account, stay, List.of(), market).siloedTotal().doubleValue();
            }
        });
        List<AccountMargin> accounts = new ArrayList<>();
        for (AccountMargin m : siloed) {
            accounts.add(m.withHarmonized(h.get(new MarginAccount(m.firm(), m.account(), m.segregationClass()))));
        }
        return new MarginReport(asOf, mappingsVersion, params.version(), whatIf, accounts, earlier);
    }

    private static final Comparator<MarginAccount> ACCOUNT_ORDER = Comparator
            .comparing(MarginAccount::firm, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(MarginAccount::account, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(MarginAccount::segregationClass, Comparator.nullsFirst(Comparator.naturalOrder()));

    private AccountMargin account(MarginAccount a, List<Position> ps, List<CollateralLine> cl, MarketContext market) {
        Map<String, List<Position>> bySilo = new LinkedHashMap<>();
        List<Unmargined> unmargined = new ArrayList<>();
        for (Position p : ps) {
            TaxonomyNode node = taxonomy.node(p.product().taxonomy()).orElse(null);
            if (node == null) {
                unmargined.add(Unmargined.of("none", p, "taxonomy code " + p.product().taxonomy() + " is not in "
                        + "taxonomy.yaml"));
                continue;
            }
            String silo = route(a, p, node);
            if (silo.startsWith("!")) {
                unmargined.add(Unmargined.of(node.silo(), p, silo.substring(1)));
            } else {
                bySilo.computeIfAbsent(silo, k -> new ArrayList<>()).add(p);
            }
        }
        for (MarginSilo s : silos.values()) {
            if (s.accounts().contains(a)) {
                bySilo.putIfAbsent(s.id(), new ArrayList<>());
            }
        }
        List<AccountMargin.SiloMargin> results = new ArrayList<>();
        double total = 0;
        for (String id : ORDER) {
            List<Position> mine = bySilo.get(id);
            if (mine == null) {
                continue;
            }
            SiloResult r = silos.get(id).margin(a, mine, market);
            Explain explain = r.explain();
            unmargined.addAll(r.unmargined());
            if (explain.children().isEmpty() && explain.amount().signum() == 0) {
                continue; // the silo margined none of them: they are listed as unmargined, with the reason
            }
            if (id.equals(StrategyMargin.ID) && params.approvals().approval(a.firm(), a.account()) == null) {
                explain = new Explain(explain.label(), explain.amount(), explain.basis() + "; account " + a.account()
                        + " of " + a.firm() + " is not listed as approved for portfolio margin in accounts.yaml",
                        explain.children());
            } else if (id.equals(PortfolioMargin.ID)) {
                var ap = params.approvals().approval(a.firm(), a.account());
                explain = new Explain(explain.label(), explain.amount(), explain.basis() + "; portfolio margin approved "
                        + ap.approvedOn() + " [" + ap.source() + "]", explain.children());
            }
            total += explain.amount().doubleValue();
            results.add(new AccountMargin.SiloMargin(id, explain.amount(), explain));
        }
        CollateralSummary coll = haircuts.value(a.segregationClass(), cl, market);
        BigDecimal siloed = Explain.usd(total);
        return new AccountMargin(a.firm(), a.account(), a.segregationClass(), results, siloed, coll,
                coll.postHaircut().subtract(siloed), unmargined, null);
    }

    /** The silo id for the position, or {@code !reason} when none applies. */
    private String route(MarginAccount a, Position p, TaxonomyNode node) {
        String silo = node.silo();
        if (silo.equals(PortfolioMargin.ID)) {
            return params.approvals().approval(a.firm(), a.account()) != null ? PortfolioMargin.ID : StrategyMargin.ID;
        }
        if (silo.equals(SimmSilo.ID) && "true".equalsIgnoreCase(p.product().terms().get("cleared"))) {
            return "!cleared swap: margined by its clearing house's model, which Concord does not compute";
        }
        List<String> route = ROUTES.get(silo);
        if (route == null) {
            return "!taxonomy silo " + silo + " margins no positions (" + node.code() + " is a " + node.regime() + ")";
        }
        for (String id : route) {
            MarginSilo s = silos.get(id);
            if (s != null && s.covers(a)) {
                return id;
            }
        }
        return "!no registered silo covers " + silo + " for this account (tried " + route + ")";
    }
}
