package io.concord.margin.engine;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginSilo;
import io.concord.margin.MarketContext;
import io.concord.margin.MarketData;
import io.concord.margin.PortfolioMarginApprovals;
import io.concord.margin.SiloId;
import io.concord.margin.SiloResult;
import io.concord.margin.Unmargined;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.concord.book.AccountBook;

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

    private static final SiloId SEC_PM = SiloId.of(PortfolioMargin.ID);
    private static final SiloId SEC_REGT = SiloId.of(StrategyMargin.ID);
    private static final SiloId SPAN = SiloId.of(SpanMargin.ID);
    private static final SiloId EVENT = SiloId.of(EventMargin.ID);
    private static final SiloId SIMM = SiloId.of(SimmSilo.ID);
    private static final SiloId SCHEDULE = SiloId.of(ScheduleMargin.ID);

    /** Taxonomy silo → silos to try in order. */
    private static final Map<SiloId, List<SiloId>> ROUTES = Map.of(
            SIMM, List.of(SIMM, SCHEDULE),
            SEC_PM, List.of(SEC_PM),
            SEC_REGT, List.of(SEC_REGT),
            SPAN, List.of(SPAN),
            EVENT, List.of(EVENT),
            SCHEDULE, List.of(SCHEDULE));

    /** Order of silos in margin.json. */
    private static final List<SiloId> ORDER = List.of(SEC_PM, SEC_REGT, SPAN, EVENT, SIMM, SCHEDULE);

    private final Taxonomy taxonomy;
    private final RiskParameters params;
    private final Map<SiloId, MarginSilo> silos = new LinkedHashMap<>();
    private final Haircuts haircuts;
    private final HarmonizedMargin harmonized;
    private final String whatIf;

    public MarginEngine(Taxonomy taxonomy, RiskParameters params, List<MarginSilo> silos) {
        this(taxonomy, params, silos, null);
    }

    private MarginEngine(Taxonomy taxonomy, RiskParameters params, List<MarginSilo> silos, String whatIf) {
        this.taxonomy = taxonomy;
        this.params = params;
        silos.forEach(s -> this.silos.put(SiloId.of(s), s));
        this.haircuts = new Haircuts(params.collateral());
        this.harmonized = new HarmonizedMargin(params.harmonized(), new Exposures(params.harmonized(),
                new Exposures.SiloParameters(params.portfolioMargin(), params.strategy(), params.schedule(),
                        params.span())));
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

    /** The whole report in memory: {@link #run(String, AccountBook, Collection, MarginSink)} collected. */
    public MarginReport run(String mappingsVersion, Collection<Position> book, Collection<CollateralLine> collateral) {
        List<AccountMargin> accounts = new ArrayList<>();
        MarginRun[] header = new MarginRun[1];
        run(mappingsVersion, AccountBook.of(book), collateral, new MarginSink() {
            @Override
            public void begin(MarginRun run) {
                header[0] = run;
            }

            @Override
            public void account(MarginAccount account, AccountMargin margin, List<Position> positions) {
                if (margin != null) {
                    accounts.add(margin);
                }
            }

            @Override
            public void end() {
            }
        });
        return header[0].report(accounts);
    }

    /**
     * Margins the book's latest business date one account at a time and gives each account to {@code sink} in
     * account order, with its positions of every date. Reads the book twice (three times when an account may be
     * cross-margined): once for the dates and the underlying prices the day's reports carry, once for the eligible
     * accounts' customer portfolios (harmonized margin nets accounts of one customer, so those are margined first),
     * then the accounts, computed on every core in a bounded window and handed to the sink in order.
     */
    public void run(String mappingsVersion, AccountBook book, Collection<CollateralLine> collateral,
                    MarginSink sink) {
        run(mappingsVersion, book, collateral, sink, AccountCompute.DIRECT);
    }

    /**
     * {@link #run(String, AccountBook, Collection, MarginSink)} with each account's margin computed through
     * {@code compute}, on the margin thread that computes it (a caller that measures the run wraps it there).
     */
    public void run(String mappingsVersion, AccountBook book, Collection<CollateralLine> collateral,
                    MarginSink sink, AccountCompute compute) {
        run(mappingsVersion, book, collateral, sink, compute, null);
    }

    /**
     * {@link #run(String, AccountBook, Collection, MarginSink, AccountCompute)} of a part of a book (some firms' accounts
     * and collateral lines) priced as the whole book: {@code whole} is the whole book's {@link MarketPass} (its date,
     * its earlier dates, its underlying prices), so each account gets the margin the run over the whole book gives it.
     * Null: the pass is made from {@code book} and {@code collateral} themselves.
     */
    public void run(String mappingsVersion, AccountBook book, Collection<CollateralLine> collateral,
                    MarginSink sink, AccountCompute compute, MarketPass whole) {
        MarketPass pass = whole != null ? whole : new MarketPass();
        boolean[] anyEligible = new boolean[1];
        book.forEachAccount(ps -> {
            anyEligible[0] |= harmonized.eligible(ps.get(0).segregationClass());
            if (whole == null) {
                ps.forEach(pass::add);
            }
        });
        if (whole == null) {
            collateral.forEach(pass::add);
        }
        LocalDate asOf = pass.asOf();
        MarginRun run = new MarginRun(asOf, mappingsVersion, params.version(), whatIf, pass.earlierDates());
        MarketContext market = market(asOf, pass.underlyingsOn(asOf).values());
        if (asOf != null) {
            sink.market(market);
        }
        sink.begin(run);
        // a silo's own inputs carry no business date (CRIF rows): they are margined on the run's date, and without
        // one when they are all the run holds
        if (asOf == null && silos.values().stream().allMatch(s -> s.accounts().isEmpty())) {
            sink.end();
            return;
        }
        Map<MarginAccount, List<CollateralLine>> lines = new TreeMap<>(MarginAccount.ORDER);
        for (CollateralLine c : collateral) {
            if (asOf.equals(c.asOf())) {
                lines.computeIfAbsent(new MarginAccount(c.ownerLei(), c.account(), c.segregationClass()),
                        k -> new ArrayList<>()).add(c);
            }
        }
        // accounts margined without positions on the date: collateral, or a silo's own inputs
        java.util.TreeSet<MarginAccount> extras = new java.util.TreeSet<>(MarginAccount.ORDER);
        extras.addAll(lines.keySet());
        silos.values().forEach(s -> extras.addAll(s.accounts()));
        anyEligible[0] |= extras.stream().anyMatch(a -> harmonized.eligible(a.segregationClass()));
        HarmonizedMargin.Silos siloed = siloCallback(market);
        Map<MarginAccount, Harmonized> portfolios = anyEligible[0]
                ? harmonizedPortfolios(book, extras, lines, market, siloed) : Map.of();
        Window window = new Window(sink);
        try (window) {
            accounts(book, extras, (a, ps) -> {
                List<Position> onDate = onDate(ps, asOf);
                if (onDate.isEmpty() && !extras.contains(a)) {
                    window.ready(a, null, ps);
                    return;
                }
                window.submit(a, ps, () -> compute.compute(a, () -> {
                    List<CollateralLine> cl = lines.getOrDefault(a, List.of());
                    AccountMargin m = account(a, onDate, cl, market);
                    // every eligible account with something to margin is in a portfolio
                    Harmonized h = portfolios.get(a);
                    return m.withHarmonized(h != null ? h : harmonized.ineligible(member(a, m, onDate, cl)));
                }));
            });
        }
        sink.end();
    }

    /**
     * What the run prices with: the business date's own market data (none without a date). A date without its market
     * data file is margined without market data: each position that needs a value of it is listed as unmargined with
     * the reason (the date and the folder), the rest are margined, and another day's data is never used. A file that
     * is there but cannot be used (schema, {@code asOf} not its date) stops the run.
     */
    private MarketContext market(LocalDate asOf, Collection<Position> booked) {
        if (asOf == null) {
            return new MarketContext(null, MarketData.NONE, booked);
        }
        try {
            return new MarketContext(asOf, params.marketData().on(asOf), booked);
        } catch (io.concord.margin.MarketDataFiles.NotFound e) {
            return MarketContext.unavailable(asOf, e.getMessage(), booked);
        }
    }

    /**
     * How each account's margin computation is run, on the margin thread that computes it: {@link #DIRECT} runs it
     * as is. A caller that observes the run passes its own (the gateway's stage clock measures each account's CPU
     * time); the engine itself measures nothing and returns domain results only.
     */
    @FunctionalInterface
    public interface AccountCompute {

        /** Runs the computation as is. */
        AccountCompute DIRECT = (account, margin) -> margin.get();

        /** The margin of {@code account}: what {@code margin} computes. */
        AccountMargin compute(MarginAccount account, java.util.function.Supplier<AccountMargin> margin);
    }

    /** The margin threads a run computes accounts on (one per core). */
    public static int threads() {
        return Window.THREADS;
    }

    /** The harmonized margin of every eligible account: its customer portfolio's accounts margined together. */
    private Map<MarginAccount, Harmonized> harmonizedPortfolios(AccountBook book,
                                                               java.util.NavigableSet<MarginAccount> extras,
                                                               Map<MarginAccount, List<CollateralLine>> lines,
                                                               MarketContext market, HarmonizedMargin.Silos silos) {
        List<HarmonizedMargin.Member> members = new ArrayList<>();
        accounts(book, extras, (a, ps) -> {
            List<Position> onDate = onDate(ps, market.asOf());
            if (harmonized.eligible(a.segregationClass()) && (!onDate.isEmpty() || extras.contains(a))) {
                List<CollateralLine> cl = lines.getOrDefault(a, List.of());
                members.add(member(a, account(a, onDate, cl, market), onDate, cl));
            }
        });
        return harmonized.run(members, market, silos);
    }

    private static HarmonizedMargin.Member member(MarginAccount a, AccountMargin m, List<Position> onDate,
                                                  List<CollateralLine> cl) {
        return new HarmonizedMargin.Member(a, m.siloedTotal(), m.collateral().postHaircut(), onDate, cl);
    }

    private HarmonizedMargin.Silos siloCallback(MarketContext market) {
        return new HarmonizedMargin.Silos() {
            @Override
            public String siloOf(MarginAccount account, Position p) {
                TaxonomyNode node = taxonomy.node(p.product().taxonomy()).orElse(null);
                return node != null && route(account, p, node, approval(account)) instanceof Route.ToSilo to
                        ? to.silo().value() : null;
            }

            @Override
            public double siloed(MarginAccount account, List<Position> stay) {
                return account(account, stay, List.of(), market).siloedTotal().doubleValue();
            }
        };
    }

    private static List<Position> onDate(List<Position> ps, LocalDate asOf) {
        List<Position> out = new ArrayList<>(ps.size());
        for (Position p : ps) {
            if (p.asOf().equals(asOf)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Each account of the book, and each of {@code extras} (no positions), in account order. */
    private static void accounts(AccountBook book, java.util.NavigableSet<MarginAccount> extras,
                                 java.util.function.BiConsumer<MarginAccount, List<Position>> visit) {
        java.util.Iterator<MarginAccount> pending = extras.iterator();
        MarginAccount[] next = {pending.hasNext() ? pending.next() : null};
        book.forEachAccount(ps -> {
            MarginAccount a = MarginAccount.of(ps.get(0));
            while (next[0] != null && MarginAccount.ORDER.compare(next[0], a) <= 0) {
                if (MarginAccount.ORDER.compare(next[0], a) < 0) {
                    visit.accept(next[0], List.of());
                }
                next[0] = pending.hasNext() ? pending.next() : null;
            }
            visit.accept(a, ps);
        });
        while (next[0] != null) {
            visit.accept(next[0], List.of());
            next[0] = pending.hasNext() ? pending.next() : null;
        }
    }

    /**
     * Accounts margined on every core, handed to the sink in the order submitted; at most a few accounts per core
     * are in flight, so memory stays that of a few accounts.
     */
    private static final class Window implements AutoCloseable {

        /** An account in flight: what its sink writes in order, once its margin and output are prepared. */
        private record Slot(MarginAccount account, java.util.concurrent.Future<Runnable> write) {
        }

        private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
        private final MarginSink sink;
        private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                THREADS, r -> {
                    Thread t = new Thread(r, "margin");
                    t.setDaemon(true);
                    return t;
                });
        private final java.util.ArrayDeque<Slot> slots = new java.util.ArrayDeque<>();

        Window(MarginSink sink) {
            this.sink = sink;
        }

        /** Margins an account on a margin thread, where the sink also prepares its output. */
        void submit(MarginAccount a, List<Position> ps, java.util.concurrent.Callable<AccountMargin> margin) {
            add(new Slot(a, pool.submit(() -> sink.prepare(a, margin.call(), ps))));
        }

        /** An account with nothing to margin (positions of earlier dates only). */
        void ready(MarginAccount a, AccountMargin margin, List<Position> ps) {
            add(new Slot(a, java.util.concurrent.CompletableFuture.completedFuture(sink.prepare(a, margin, ps))));
        }

        private void add(Slot slot) {
            slots.add(slot);
            if (slots.size() > THREADS * 8) {
                drain();
            }
        }

        private void drain() {
            Slot s = slots.poll();
            Runnable write;
            try {
                write = s.write().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while margining " + s.account(), e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("margin of " + s.account() + " failed", e.getCause());
            }
            write.run();
        }

        @Override
        public void close() {
            try {
                while (!slots.isEmpty()) {
                    drain();
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private AccountMargin account(MarginAccount a, List<Position> ps, List<CollateralLine> cl, MarketContext market) {
        PortfolioMarginApprovals.Approval approval = approval(a); // looked up once, not per position
        Map<SiloId, List<Position>> bySilo = new LinkedHashMap<>();
        List<Unmargined> unmargined = new ArrayList<>();
        for (Position p : ps) {
            TaxonomyNode node = taxonomy.node(p.product().taxonomy()).orElse(null);
            if (node == null) {
                unmargined.add(Unmargined.of("none", p, "taxonomy code " + p.product().taxonomy() + " is not in "
                        + "taxonomy.yaml"));
                continue;
            }
            Route route = route(a, p, node, approval);
            if (route instanceof Route.ToSilo to) {
                bySilo.computeIfAbsent(to.silo(), k -> new ArrayList<>()).add(p);
            } else if (route instanceof Route.Unmargined no) {
                unmargined.add(Unmargined.of(no.silo(), p, no.reason()));
            }
        }
        for (MarginSilo s : silos.values()) {
            if (s.accounts().contains(a)) {
                bySilo.putIfAbsent(SiloId.of(s), new ArrayList<>());
            }
        }
        List<AccountMargin.SiloMargin> results = new ArrayList<>();
        double total = 0;
        for (SiloId id : ORDER) {
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
            if (id.equals(SEC_REGT) && approval == null) {
                explain = new Explain(explain.label(), explain.amount(), explain.basis() + "; account " + a.account()
                        + " of " + a.firm() + " is not listed as approved for portfolio margin in accounts.yaml",
                        explain.children());
            } else if (id.equals(SEC_PM)) {
                explain = new Explain(explain.label(), explain.amount(), explain.basis() + "; portfolio margin approved "
                        + approval.approvedOn() + " [" + approval.source() + "]", explain.children());
            }
            total += explain.amount().doubleValue();
            results.add(new AccountMargin.SiloMargin(id.value(), explain.amount(), explain));
        }
        CollateralSummary coll = haircuts.value(a.segregationClass(), cl, market);
        BigDecimal siloed = Explain.usd(total);
        return new AccountMargin(a.firm(), a.account(), a.segregationClass(), results, siloed, coll,
                coll.postHaircut().subtract(siloed), unmargined, null);
    }

    /**
     * The {@code silo} of an unmargined entry that is a registered fund's security: an asset the fund owns, held with
     * its custodian under Investment Company Act 17(f) (class SEC_40_ACT_CUSTODY), which no rulebook margins. The
     * fund's derivatives (futures, options, swaps, forwards) are margined by their silos like any account's.
     */
    public static final String FUND_ASSET = "FUND_ASSET";
    private static final Route FUND_ASSET_ROUTE = Route.unmargined(FUND_ASSET, "a registered fund's security is an "
            + "asset the fund owns (17(f) custody), not a position to margin; the fund's derivatives are margined by "
            + "their silos");

    /** The account's portfolio-margin approval in accounts.yaml, or null when it has none. */
    private PortfolioMarginApprovals.Approval approval(MarginAccount a) {
        return params.approvals().approval(a.firm(), a.account());
    }

    /** The silo that margins the position, or why none does. */
    private Route route(MarginAccount a, Position p, TaxonomyNode node, PortfolioMarginApprovals.Approval approval) {
        SiloId silo = SiloId.of(node.silo());
        if (a.segregationClass() == io.concord.model.SegregationClass.SEC_40_ACT_CUSTODY
                && node.regime() == io.concord.model.Regime.SECURITY) {
            return FUND_ASSET_ROUTE;
        }
        if (silo.equals(SEC_PM)) {
            return Route.to(approval != null ? SEC_PM : SEC_REGT);
        }
        if (silo.equals(SIMM) && "true".equalsIgnoreCase(p.product().terms().get("cleared"))) {
            return Route.unmargined(node.silo(), "cleared swap: margined by its clearing house's model, which Concord "
                    + "does not compute");
        }
        List<SiloId> route = ROUTES.get(silo);
        if (route == null) {
            return Route.unmargined(node.silo(), "taxonomy silo " + silo + " margins no positions (" + node.code()
                    + " is a " + node.regime() + ")");
        }
        for (SiloId id : route) {
            MarginSilo s = silos.get(id);
            if (s != null && s.covers(a)) {
                return Route.to(id);
            }
        }
        return Route.unmargined(node.silo(), "no registered silo covers " + silo + " for this account (tried " + route
                + ")");
    }
}
