package io.concord.feed.fixml;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;

import java.util.ArrayList;
import java.util.List;

/**
 * JAXB binding of a FIXML {@code AcctSumRpt} (account summary report, FIX MsgType CQ) as a derivatives clearing
 * organization sends it for one clearing participant and one fund segregation type: the collateral on deposit as
 * {@code CollAmt} groups. Every value binds as text so that the parser, not JAXB, decides what is malformed.
 * Elements and attributes not named here are ignored.
 */
@XmlAccessorType(XmlAccessType.FIELD)
class AcctSumRptXml {
    @XmlAttribute(name = "RptID")
    String rptId;
    @XmlAttribute(name = "BizDt")
    String bizDt;
    /** Currency the report values collateral in (FX rates convert to it). */
    @XmlAttribute(name = "Ccy")
    String ccy;
    /** Fund segregation type of the participant's account at the DCO; see {@code AcctSumRptParser}. */
    @XmlAttribute(name = "FundSegTyp")
    String fundSegTyp;
    @XmlElement(name = "Pty")
    List<PosRptXml.Pty> parties = new ArrayList<>();
    @XmlElement(name = "CollAmt")
    List<CollAmt> collateral = new ArrayList<>();

    /** One collateral amount group. */
    @XmlAccessorType(XmlAccessType.FIELD)
    public static class CollAmt {
        /** Current collateral amount, in {@code Ccy}. */
        @XmlAttribute(name = "Amt")
        String amt;
        @XmlAttribute(name = "Ccy")
        String ccy;
        /** Collateral type: CASH, UST_BILL, UST_NOTE, UST_BOND, MMF, EQUITY, GOLD. */
        @XmlAttribute(name = "Typ")
        String typ;
        /** Y: {@code Amt} is after the DCO's haircut; N: it is the market value before haircut. */
        @XmlAttribute(name = "HaircutInd")
        String haircutInd;
        @XmlAttribute(name = "PrtflID")
        String prtflId;
        /** Units (shares, face amount, ounces) when the collateral is not cash. */
        @XmlAttribute(name = "Qty")
        String qty;
        @XmlAttribute(name = "MktPx")
        String mktPx;
        /** Rate converting {@code Ccy} to the report currency. */
        @XmlAttribute(name = "FXRate")
        String fxRate;
        /** Security identifier and its source: 1 CUSIP, 4 ISIN. */
        @XmlAttribute(name = "ID")
        String id;
        @XmlAttribute(name = "Src")
        String src;
    }
}
