package io.concord.feed.fixml;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

import java.util.ArrayList;
import java.util.List;

/**
 * JAXB binding of the parts of a FIXML {@code PosRpt} (FIX 5.0 SP2 abbreviations, as CFTC Part 17 large-trader
 * submissions use them) that Concord reads. Every value binds as text so that the parser, not JAXB, decides what
 * is malformed and says where. Elements and attributes not named here are ignored.
 */
@XmlAccessorType(XmlAccessType.FIELD)
public class PosRptXml {
    @XmlAttribute(name = "RptID")
    public String rptId;
    @XmlAttribute(name = "BizDt")
    public String bizDt;
    /** 1 new (replaces earlier state for the key), 2 change; absent in FIX 5.0 SP2 PositionReport: a snapshot. */
    @XmlAttribute(name = "Actn")
    public String actn;
    /** Account(1): the position account when no Pty R=38 names it. */
    @XmlAttribute(name = "Acct")
    public String acct;
    /** 1 customer, 2 non-customer, 3 house, 6/7 cross-margined. */
    @XmlAttribute(name = "AcctTyp")
    public String acctTyp;
    @XmlAttribute(name = "SetPx")
    public String setPx;
    @XmlAttribute(name = "Ccy")
    public String ccy;
    @XmlElement(name = "Pty")
    public List<Pty> parties = new ArrayList<>();
    @XmlElement(name = "Instrmt")
    public Instrmt instrmt;
    @XmlElement(name = "Qty")
    public List<Qty> quantities = new ArrayList<>();

    /** A party: ID and role R (4 clearing firm, 38 position account, 21 clearing organization, 24 customer account). */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Pty {
        @XmlAttribute(name = "ID")
        public String id;
        @XmlAttribute(name = "Src")
        public String src;
        @XmlAttribute(name = "R")
        public String role;
        /** FIX 4.x spelling of the role ({@code Role}): read only to refuse such a file with that reason. */
        @XmlAttribute(name = "Role")
        public String legacyRole;
    }

    /** The instrument block. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Instrmt {
        @XmlAttribute(name = "Sym")
        public String sym;
        @XmlAttribute(name = "ID")
        public String id;
        /** SecurityIDSource: 1 CUSIP, 4 ISIN, H clearing house, 8 exchange symbol. */
        @XmlAttribute(name = "Src")
        public String src;
        @XmlAttribute(name = "Exch")
        public String exch;
        @XmlAttribute(name = "SecTyp")
        public String secTyp;
        @XmlAttribute(name = "CFI")
        public String cfi;
        @XmlAttribute(name = "MMY")
        public String mmy;
        @XmlAttribute(name = "MatDt")
        public String matDt;
        @XmlAttribute(name = "StrkPx")
        public String strkPx;
        @XmlAttribute(name = "PutCall")
        public String putCall;
        @XmlAttribute(name = "Mult")
        public String mult;
    }

    /** A position quantity by type: FIN end-of-day, SOD start-of-day, EP exchange for physical, DN delivery notice, XM cross-margin. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class Qty {
        @XmlAttribute(name = "Typ")
        public String typ;
        @XmlAttribute(name = "Long")
        public String longQty;
        @XmlAttribute(name = "Short")
        public String shortQty;
    }
}
