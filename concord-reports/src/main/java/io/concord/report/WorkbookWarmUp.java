package io.concord.report;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;

/**
 * The workbook libraries initialised ahead of the first workbook, on a thread of their own. The first workbook of a
 * JVM spends about 0.3 s before its first row (POI, XMLBeans' OOXML type system, the zip writer): a quarter of a
 * short run's wall time. Started when a run begins ({@link #start}), that is done on the other core while the run
 * reads its mappings and files.
 *
 * <p>The OOXML classes are not safe to initialise from two threads at once (class-initialisation deadlocks in their
 * generated types are reported), so every workbook this module writes waits for the warm-up to end first
 * ({@link #await}), and a caller must not start it when anything else in the JVM may use POI meanwhile (a run that
 * reads an xlsx feed).
 */
public final class WorkbookWarmUp {

    /** The warm-up started, or null. */
    private static CompletableFuture<Void> started;

    private WorkbookWarmUp() {
    }

    /**
     * Starts the warm-up, once per JVM: a workbook made as the sinks make theirs (a template with a styled header,
     * streamed rows, written to nowhere and disposed). One that fails is ignored: the first real workbook meets the
     * same failure and reports it.
     */
    public static synchronized void start() {
        if (started != null) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        started = done;
        Thread t = new Thread(() -> {
            try (XSSFWorkbook template = new XSSFWorkbook()) {
                Cells cells = new Cells(template);
                cells.header(template.createSheet("warm-up"), new String[]{"Account"}, new int[]{20});
                try (SXSSFWorkbook wb = new SXSSFWorkbook(template, 10)) {
                    Sheet sheet = wb.createSheet("rows");
                    Cells.number(sheet.createRow(0), 0, BigDecimal.ONE, cells.amount());
                    wb.write(OutputStream.nullOutputStream());
                    wb.dispose();
                }
            } catch (IOException | RuntimeException e) {
                // the first workbook meets it again, where it is reported
            } finally {
                done.complete(null);
            }
        }, "concord-workbook-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for a warm-up started to end; returns at once when none was. */
    static void await() {
        CompletableFuture<Void> w;
        synchronized (WorkbookWarmUp.class) {
            w = started;
        }
        if (w != null) {
            w.join();
        }
    }
}
