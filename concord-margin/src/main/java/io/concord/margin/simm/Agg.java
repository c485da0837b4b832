package io.concord.margin.simm;

import io.concord.model.Sensitivity;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of one SIMM risk factor's sensitivities (product class, risk type, qualifier, bucket, label 1, label 2);
 * {@code first} locates the first row for messages. With the helpers every measure shares to read rows: blank
 * handling, USD amounts, bucket names, grouping and FX currency pairs.
 */
final class Agg {

    /** Separates the parts of a risk factor key. */
    static final String SEP = "\u001f";

    final String key;
    final String productClass;
    final String riskType;
    final String qualifier;
    final String bucket;
    final String label1;
    final String label2;
    final Sensitivity first;
    double amount;

    Agg(String key, Sensitivity s) {
        this.key = key;
        productClass = s.productClass();
        riskType = s.riskType();
        qualifier = nz(s.qualifier());
        bucket = normalBucket(nz(s.bucket()));
        String l1 = nz(s.label1());
        label1 = l1.chars().anyMatch(Character::isUpperCase) ? l1.toLowerCase(Locale.ROOT) : l1;
        label2 = nz(s.label2());
        first = s;
    }

    /** An empty copy of {@code a} (same risk factor, amount 0). */
    Agg(Agg a) {
        key = a.key;
        productClass = a.productClass;
        riskType = a.riskType;
        qualifier = a.qualifier;
        bucket = a.bucket;
        label1 = a.label1;
        label2 = a.label2;
        first = a.first;
    }

    String where() {
        return first.lineage() == null ? riskType + " " + qualifier
                : first.lineage().file() + " " + first.lineage().location();
    }

    static String nz(String v) {
        return v == null ? "" : v.trim();
    }

    static double usd(Sensitivity s) {
        BigDecimal v = s.amountUsd();
        return v == null ? 0 : v.doubleValue();
    }

    /** {@code Residual} in any case → {@link SimmParameters#RESIDUAL}; {@code 01} → {@code 1}. */
    static String normalBucket(String b) {
        if (b.equalsIgnoreCase(SimmParameters.RESIDUAL)) {
            return SimmParameters.RESIDUAL;
        }
        int i = 0;
        while (i < b.length() - 1 && b.charAt(i) == '0') {
            i++;
        }
        return b.substring(i);
    }

    /** The rows by {@code key}, in key order. */
    static <K> Map<K, List<Agg>> group(Collection<Agg> rows, java.util.function.Function<Agg, K> key) {
        Map<K, List<Agg>> m = new TreeMap<>();
        for (Agg a : rows) {
            m.computeIfAbsent(key.apply(a), k -> new ArrayList<>()).add(a);
        }
        return m;
    }

    /** The currency pair of a Risk_FXVol row in alphabetical order: GBPUSD for USDGBP, GBP/USD or gbpusd. */
    static String pair(Agg a) {
        String q = a.qualifier.toUpperCase(Locale.ROOT).replace("/", "");
        if (q.length() != 6) {
            throw new SimmInputException(a.where() + ": Risk_FXVol Qualifier '" + a.qualifier
                    + "' is not a currency pair such as EURUSD");
        }
        String c1 = q.substring(0, 3);
        String c2 = q.substring(3);
        return c1.compareTo(c2) <= 0 ? c1 + c2 : c2 + c1;
    }
}
