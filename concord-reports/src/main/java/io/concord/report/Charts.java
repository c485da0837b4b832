package io.concord.report;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.LegendPosition;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFCategoryAxis;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xddf.usermodel.chart.XDDFValueAxis;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFSheet;

/** Bar charts of a sheet's table, drawn to the right of it (the workbooks' Summary and Stress sheets). */
final class Charts {

    private Charts() {
    }

    /** Rows a chart is tall. */
    static final int HEIGHT = 25;

    /**
     * A column chart of rows 1..{@code rows} of {@code sheet}: categories from column {@code categoryColumn}, one
     * series per entry of {@code valueColumns} titled by {@code seriesTitles}, anchored from column {@code fromColumn}.
     */
    static void bars(XSSFSheet sheet, String title, String categoryTitle, int rows, int categoryColumn,
                     int[] valueColumns, String[] seriesTitles, int fromColumn) {
        bars(sheet, title, categoryTitle, 1, rows, categoryColumn, valueColumns, seriesTitles, fromColumn, 1);
    }

    /**
     * A column chart of rows {@code firstRow}..{@code lastRow} of {@code sheet}: categories from column
     * {@code categoryColumn}, one series per entry of {@code valueColumns} titled by {@code seriesTitles} and named
     * in a legend under the plot, anchored at column {@code fromColumn}, row {@code fromRow}, {@link #HEIGHT} rows
     * tall. The drawing is the sheet's one (created at the first chart).
     */
    static void bars(XSSFSheet sheet, String title, String categoryTitle, int firstRow, int lastRow,
                     int categoryColumn, int[] valueColumns, String[] seriesTitles, int fromColumn, int fromRow) {
        bars(sheet, title, categoryTitle, firstRow, lastRow, categoryColumn, valueColumns, seriesTitles, fromColumn,
                fromRow, null, null);
    }

    /**
     * {@link #bars(XSSFSheet, String, String, int, int, int, int[], String[], int, int)} of rows whose cells are not
     * in {@code sheet}'s memory (streamed): the chart refers to the same cells and caches {@code labels} and
     * {@code values} (per value column), the values those cells hold.
     */
    static void bars(XSSFSheet sheet, String title, String categoryTitle, int firstRow, int lastRow,
                     int categoryColumn, int[] valueColumns, String[] seriesTitles, int fromColumn, int fromRow,
                     String[] labels, Double[][] values) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, fromColumn, fromRow, fromColumn + 12,
                fromRow + HEIGHT));
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        chart.getOrAddLegend().setPosition(LegendPosition.BOTTOM);
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        bottom.setTitle(categoryTitle);
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setTitle("USD");
        left.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, bottom, left);
        data.setBarDirection(BarDirection.COL);
        var categories = labels != null
                ? XDDFDataSourcesFactory.fromArray(labels, range(sheet, firstRow, lastRow, categoryColumn))
                : XDDFDataSourcesFactory.fromStringCellRange(sheet,
                        new CellRangeAddress(firstRow, lastRow, categoryColumn, categoryColumn));
        for (int i = 0; i < valueColumns.length; i++) {
            data.addSeries(categories, values != null
                    ? XDDFDataSourcesFactory.fromArray(values[i], range(sheet, firstRow, lastRow, valueColumns[i]))
                    : XDDFDataSourcesFactory.fromNumericCellRange(sheet, new CellRangeAddress(firstRow, lastRow,
                            valueColumns[i], valueColumns[i]))).setTitle(seriesTitles[i], null);
        }
        chart.plot(data);
    }

    /** The sheet's cells {@code firstRow..lastRow} of {@code column} as a chart formula ({@code 'Summary'!$A$8:$A$18}). */
    private static String range(XSSFSheet sheet, int firstRow, int lastRow, int column) {
        return new CellRangeAddress(firstRow, lastRow, column, column).formatAsString(sheet.getSheetName(), true);
    }
}
