package io.concord.margin.simm;

import io.concord.margin.Explain;
import io.concord.margin.MarginAccount;
import io.concord.margin.MarginSilo;
import io.concord.margin.MarketContext;
import io.concord.margin.SiloResult;
import io.concord.model.Position;
import io.concord.model.Sensitivity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code SIMM} silo: ISDA SIMM ({@link SimmEngine}) on the CRIF sensitivities a run holds for each firm,
 * portfolio and segregation class. It covers exactly the accounts with sensitivities, so their uncleared swaps
 * are margined here instead of by the schedule, and it margins them even without a booked swap. SIMM works from
 * the sensitivities, not the booked positions: the positions routed here only say the schedule is replaced.
 *
 * <p>The requirement is the SIMM of the account's rows as given; when rows carry PostRegulation /
 * CollectRegulation it is the worst regulation's SIMM over both sides ({@code regulations.*.worstTotal} of
 * {@code concord simm}), and the tree also shows the as-given total and each regulation's.
 */
public final class SimmSilo implements MarginSilo {

    public static final String ID = "SIMM";

    private final SimmEngine engine;
    private final Map<MarginAccount, List<Sensitivity>> sensitivities;

    /** A silo margining {@code sensitivities} (per account) with {@code engine}. */
    public SimmSilo(SimmEngine engine, Map<MarginAccount, List<Sensitivity>> sensitivities) {
        this.engine = engine;
        this.sensitivities = Map.copyOf(sensitivities);
    }

    /** The accounts of these CRIF rows: firm, portfolio and segregation class. */
    public static MarginAccount accountOf(Sensitivity s) {
        return new MarginAccount(s.firmLei(), s.account(), s.segregationClass());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean covers(MarginAccount account) {
        return sensitivities.containsKey(account);
    }

    @Override
    public Set<MarginAccount> accounts() {
        return sensitivities.keySet();
    }

    @Override
    public SiloResult margin(MarginAccount account, List<Position> positions, MarketContext market) {
        SimmResult r = engine.compute(sensitivities.getOrDefault(account, List.of()));
        String source = "ISDA SIMM " + r.version() + ", " + r.horizon() + " [simm/simm-" + r.version() + ".yaml]";
        String counts = r.sensitivities() + " CRIF sensitivities" + (r.excluded() > 0 ? ", " + r.excluded()
                + " non-SIMM rows excluded" : "");
        List<Explain> tree = r.portfolio().explain().stream().map(n -> explain(n, 1)).toList();
        if (tree.isEmpty()) { // e.g. every row IMModel Schedule: SIMM is zero, and the tree says why
            tree = List.of(Explain.note("no SIMM sensitivities", counts));
        }
        if (r.regulations() == null) {
            return new SiloResult(ID, Explain.of("SIMM", r.total(), source + "; " + counts
                    + "; product classes summed plus add-ons", tree), List.of());
        }
        SimmResult.Side collect = r.regulations().collect();
        SimmResult.Side post = r.regulations().post();
        boolean collectWorst = post.worst() == null || collect.worst() != null && collect.worstTotal() >= post.worstTotal();
        SimmResult.Side worst = collectWorst ? collect : post;
        List<Explain> children = new ArrayList<>();
        children.add(Explain.of("SIMM of the rows as given", r.total(), counts, tree));
        children.add(side("collect", collect, "sensitivities as given"));
        children.add(side("post", post, "sensitivities negated (the counterparty's view)"));
        return new SiloResult(ID, Explain.of("SIMM", worst.worstTotal(), source + "; worst regulation: "
                + (collectWorst ? "collect " : "post ") + worst.worst(), children), List.of());
    }

    private static Explain side(String name, SimmResult.Side s, String how) {
        List<Explain> regs = s.byRegulation().entrySet().stream().map(e -> Explain.leaf(name + " " + e.getKey(),
                e.getValue(), "SIMM of the rows whose " + (name.equals("collect") ? "Collect" : "Post")
                        + "Regulation names " + e.getKey())).toList();
        String basis = how + (s.unregulated() > 0 ? "; " + s.unregulated() + " row(s) name no regulation" : "");
        return s.worst() == null ? Explain.note(name + ": no regulation named", basis)
                : Explain.of(name + " worst " + s.worst(), s.worstTotal(), basis, regs);
    }

    /**
     * A SIMM explain node as an {@link Explain}, down to buckets (product class → risk class → measure → bucket;
     * the add-on node → its components); the sensitivities under a bucket are in {@code concord simm}'s tree.
     */
    private static Explain explain(SimmResult.Node n, int depth) {
        String basis = n.detail() == null ? "" : n.detail().entrySet().stream()
                .map(e -> e.getKey() + " " + plain(e.getValue())).collect(Collectors.joining(", "));
        List<Explain> children = depth >= 4 || n.children() == null ? List.of()
                : n.children().stream().map(c -> explain(c, depth + 1)).toList();
        return Explain.of(n.name(), n.margin(), basis, children);
    }

    private static String plain(Object v) {
        return v instanceof Double d && Double.isFinite(d) ? BigDecimal.valueOf(d).toPlainString() : String.valueOf(v);
    }
}
