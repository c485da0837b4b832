package io.concord.feed.nport;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlValue;

import java.util.ArrayList;
import java.util.List;

/**
 * JAXB binding of the parts of an EDGAR Form N-PORT document ({@code eis_NPORT_Filer.xsd}, namespace
 * {@value #NS}) that Concord reads: {@code genInfo} (the fund) and each {@code invstOrSec} (a holding) with its
 * {@code derivativeInfo}. Every value binds as text so the parser, not JAXB, decides what is malformed: public
 * EDGAR copies of filings redact non-public items as {@code XXXX}, which the published schema does not allow,
 * so these documents are read field by field rather than validated whole. Elements not named here are ignored.
 */
final class NportXml {

    public static final String NS = "http://www.sec.gov/edgar/nport";

    private NportXml() {
    }

    /** Item A: the registrant and the series (fund) reporting. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class GenInfo {
        String regName;
        /** Investment Company Act file number, e.g. 811-02918. */
        String regFileNumber;
        String regCik;
        String regLei;
        String seriesName;
        String seriesId;
        String seriesLei;
        /** Date of the end of the reporting period: the holdings' as-of date. */
        String repPdDate;
    }

    /** Item C: one investment or security. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class InvstOrSec {
        String name;
        String lei;
        String title;
        String cusip;
        Identifiers identifiers;
        String balance;
        /** NS shares, PA principal amount, NC contracts, OU other units. */
        String units;
        String curCd;
        CurrencyConditional currencyConditional;
        String valUSD;
        /** Long, Short or N/A. */
        String payoffProfile;
        String assetCat;
        Conditional assetConditional;
        String issuerCat;
        Conditional issuerConditional;
        DebtSec debtSec;
        Derivatives derivativeInfo;
    }

    /** ISIN, ticker and other identifiers, each a {@code value} attribute. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Identifiers {
        @XmlElement(name = "isin")
        List<Id> isins = new ArrayList<>();
        @XmlElement(name = "ticker")
        List<Id> tickers = new ArrayList<>();
        @XmlElement(name = "other")
        List<Id> others = new ArrayList<>();
        /** Only under {@code otherRefInst}. */
        @XmlElement(name = "cusip")
        List<Id> cusips = new ArrayList<>();
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Id {
        @XmlAttribute
        String value;
        @XmlAttribute
        String otherDesc;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    public static class CurrencyConditional {
        @XmlAttribute
        String curCd;
        @XmlAttribute
        String exchangeRt;
    }

    /** {@code assetConditional} / {@code issuerConditional}: category OTHER with a description. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Conditional {
        @XmlAttribute
        String assetCat;
        @XmlAttribute
        String issuerCat;
        @XmlAttribute
        String desc;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    public static class DebtSec {
        String maturityDt;
    }

    /** {@code derivativeInfo} and {@code nestedDerivInfo}: exactly one kind of derivative. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Derivatives {
        Derivative fwdDeriv;
        Derivative futrDeriv;
        Derivative swapDeriv;
        Derivative optionSwaptionWarrantDeriv;
        Derivative othDeriv;

        List<Derivative> present() {
            List<Derivative> l = new ArrayList<>(1);
            for (Derivative d : new Derivative[] {fwdDeriv, futrDeriv, swapDeriv, optionSwaptionWarrantDeriv, othDeriv}) {
                if (d != null) {
                    l.add(d);
                }
            }
            return l;
        }
    }

    /** One derivative of any kind; which elements are present depends on {@code derivCat}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Derivative {
        /** FWD, FUT, SWP, OPT, SWO, WAR or OTH. */
        @XmlAttribute
        String derivCat;
        /** Futures and forwards: Long or Short. */
        String payOffProf;
        RefInstrument descRefInstrmnt;
        String expDate;
        String notionalAmt;
        String curCd;
        // FX forwards and swaps
        String amtCurSold;
        String curSold;
        String amtCurPur;
        String curPur;
        String settlementDt;
        // options, swaptions, warrants
        /** Call or Put. */
        String putOrCall;
        /** Purchased or Written. */
        String writtenOrPur;
        String exercisePrice;
        String exercisePriceCurCd;
        String expDt;
        // swaps: which legs the fund receives and pays
        Leg fixedRecDesc;
        Leg floatingRecDesc;
        Leg otherRecDesc;
        Leg fixedPmntDesc;
        Leg floatingPmntDesc;
        Leg otherPmntDesc;
        String terminationDt;
    }

    /** A swap leg; only its presence and currency are read. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Leg {
        @XmlAttribute
        String curCd;
        @XmlValue
        String text;
    }

    /** What a derivative references: another derivative, an index or basket, or another instrument. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class RefInstrument {
        Derivatives nestedDerivInfo;
        IndexBasket indexBasketInfo;
        OtherRef otherRefInst;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    public static class IndexBasket {
        String indexName;
        String indexIdentifier;
    }

    @XmlAccessorType(XmlAccessType.FIELD)
    public static class OtherRef {
        String issuerName;
        String issueTitle;
        Identifiers identifiers;
    }
}
