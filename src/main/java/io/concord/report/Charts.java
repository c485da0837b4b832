package io.concord.report;

import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xddf.usermodel.chart.AxisCrosses;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
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

    /**
     * A column chart of rows 1..{@code rows} of {@code sheet}: categories from column {@code categoryColumn}, one
     * series per entry of {@code valueColumns} titled by {@code seriesTitles}, anchored from column {@code fromColumn}.
     */
    static void bars(XSSFSheet sheet, String title, String categoryTitle, int rows, int categoryColumn,
                     int[] valueColumns, String[] seriesTitles, int fromColumn) {
        XSSFDrawing drawing = sheet.createDrawingPatriarch();
        XSSFChart chart = drawing.createChart(drawing.createAnchor(0, 0, 0, 0, fromColumn, 1, fromColumn + 12, 26));
        chart.setTitleText(title);
        chart.setTitleOverlay(false);
        XDDFCategoryAxis bottom = chart.createCategoryAxis(AxisPosition.BOTTOM);
        bottom.setTitle(categoryTitle);
        XDDFValueAxis left = chart.createValueAxis(AxisPosition.LEFT);
        left.setTitle("USD");
        left.setCrosses(AxisCrosses.AUTO_ZERO);
        XDDFBarChartData data = (XDDFBarChartData) chart.createData(ChartTypes.BAR, bottom, left);
        data.setBarDirection(BarDirection.COL);
        var categories = XDDFDataSourcesFactory.fromStringCellRange(sheet,
                new CellRangeAddress(1, rows, categoryColumn, categoryColumn));
        for (int i = 0; i < valueColumns.length; i++) {
            data.addSeries(categories, XDDFDataSourcesFactory.fromNumericCellRange(sheet,
                    new CellRangeAddress(1, rows, valueColumns[i], valueColumns[i]))).setTitle(seriesTitles[i], null);
        }
        chart.plot(data);
    }
}
