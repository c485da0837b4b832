package io.concord.margin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which securities accounts are approved for portfolio margin ({@code mappings/risk/accounts.yaml}). FINRA Rule
 * 4210(g) margin applies only to accounts the firm has approved; every other securities account is margined
 * strategy-based (Reg T / 4210), and the explain tree says so.
 */
public final class PortfolioMarginApprovals {

    /** An approval as the file records it. */
    public record Approval(String firm, String account, String approvedOn, String source) {
    }

    private final Map<String, Approval> byAccount;

    public PortfolioMarginApprovals(Map<String, Approval> byAccount) {
        this.byAccount = Map.copyOf(byAccount);
    }

    public static PortfolioMarginApprovals from(ParamNode root) {
        Map<String, Approval> m = new LinkedHashMap<>();
        for (ParamNode n : root.child("portfolioMargin").items()) {
            Approval a = new Approval(n.text("firm"), n.text("account"), n.text("approvedOn"), n.text("source"));
            if (m.put(a.firm() + "|" + a.account(), a) != null) {
                throw n.error("account " + a.account() + " of " + a.firm() + " is listed twice");
            }
        }
        return new PortfolioMarginApprovals(m);
    }

    /** The approval of {@code account} at {@code firm}, or null when it has none. */
    public Approval approval(String firm, String account) {
        return byAccount.get(firm + "|" + account);
    }
}
