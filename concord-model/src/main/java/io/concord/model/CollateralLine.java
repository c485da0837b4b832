package io.concord.model;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One line of collateral posted or received.
 *
 * @param asOf              business date
 * @param source            who reported it (feed id or system)
 * @param ownerLei          LEI of the owner (firm or customer)
 * @param account           account the collateral is held for
 * @param segregationClass  customer-protection class it sits in
 * @param location          custodian or location
 * @param assetIds          ISIN / CUSIP / DTI / currency of the asset
 * @param assetClass        taxonomy code of the collateral asset, e.g. {@code COLLATERAL/TOKENIZED/MMF}
 * @param tokenized         whether the asset is a token on a distributed ledger
 * @param chain             ledger name when tokenized
 * @param contractAddress   token contract address when tokenized
 * @param custodyModel      custody model when tokenized (e.g. QUALIFIED_CUSTODIAN, SELF)
 * @param quantity          units
 * @param price             price per unit
 * @param marketValue       market value in {@code currency}
 * @param currency          ISO 4217
 * @param haircutPct        haircut in percent, null until a haircut schedule is applied
 * @param haircutSource     where the haircut came from
 * @param postHaircutValue  value after haircut, null until applied
 * @param purpose           IM, VM or EXCESS
 * @param direction         POSTED or RECEIVED
 * @param collateralisation collateralisation category of the swap portfolio as the feed stated it (ISO 20022
 *                          CollateralisationType3Code: FLCL, OWCL, OWC1, OWC2, OWP1, OWP2, PRCL, PRC1, PRC2,
 *                          UNCL), null when the feed does not state one (never inferred)
 * @param lineage           where it came from
 */
public record CollateralLine(LocalDate asOf, String source, String ownerLei, String account,
                             SegregationClass segregationClass, String location, AssetIds assetIds,
                             String assetClass, boolean tokenized, String chain, String contractAddress,
                             String custodyModel, BigDecimal quantity, BigDecimal price, BigDecimal marketValue,
                             String currency, BigDecimal haircutPct, String haircutSource,
                             BigDecimal postHaircutValue, Purpose purpose, Direction direction,
                             String collateralisation, Lineage lineage) {

    /**
     * Owner + business date + account + class + location + asset + purpose + direction: the key under which a
     * later submission's line replaces an earlier one in the ledger (as {@link Position#bookKey()} does for
     * positions).
     */
    public String stateKey() {
        AssetIds ids = assetIds == null ? new AssetIds(null, null, null, null) : assetIds;
        return String.join("|", String.valueOf(ownerLei), String.valueOf(asOf), String.valueOf(account),
                String.valueOf(segregationClass), location == null ? "" : location, String.valueOf(assetClass),
                ids.isin() == null ? "" : ids.isin(), ids.cusip() == null ? "" : ids.cusip(),
                ids.dti() == null ? "" : ids.dti(), ids.currency() == null ? "" : ids.currency(),
                String.valueOf(purpose), String.valueOf(direction));
    }

    /** Identifiers of a collateral asset; any may be null. */
    public record AssetIds(String isin, String cusip, String dti, String currency) {
    }

    public enum Purpose { IM, VM, EXCESS }

    public enum Direction { POSTED, RECEIVED }
}
