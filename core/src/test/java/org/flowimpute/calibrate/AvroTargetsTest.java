package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowimpute.avro.CalibrationTarget;
import org.flowimpute.avro.CalibrationTargets;
import org.flowimpute.avro.CalibrationWindowReport;
import org.flowimpute.avro.Statistic;
import org.flowimpute.calibrate.targets.AvroTargets;
import org.junit.jupiter.api.Test;

/** Targets published as Avro give the same calibration as a targets file; reports go to Avro. */
class AvroTargetsTest {

  private static CalibrationTarget count(String column, String level, double value) {
    return CalibrationTarget.newBuilder()
        .setName(column + "=" + level)
        .setStatistic(Statistic.COUNT)
        .setGroup(Map.of(column, level))
        .setValue(value)
        .build();
  }

  @Test
  void avroMarginsReproduceRRakingAndReportAsAWindowReport() {
    List<CalibrationTarget> targets = new ArrayList<>();
    targets.add(count("stype", "E", 4421));
    targets.add(count("stype", "H", 755));
    targets.add(count("stype", "M", 1018));
    targets.add(count("sch.wide", "No", 1072));
    targets.add(count("sch.wide", "Yes", 5122));
    CalibrationTargets published =
        CalibrationTargets.newBuilder()
            .setVersion("2026-11")
            .setPublishedAt(Instant.parse("2026-11-24T08:00:00Z"))
            .setTargets(targets)
            .build();
    CalibrationResult result =
        Calibrator.with(SolverOptions.defaults())
            .calibrate(
                ProblemBuilder.build(AvroTargets.toTargetsFile(published), RFixtures.apiclus1()));
    CalibrationWindowReport report =
        SolveReports.toWindowReport(
            result.report(), Instant.EPOCH, Instant.EPOCH.plusSeconds(60), null, "2026-11", "m1");

    double[] expected =
        RFixtures.column(RFixtures.read("api_clus1_weights.csv"), "w_cal_raking_tight");
    assertTrue(RFixtures.maxRelativeDifference(result.weights(), expected) < 1e-10);
    assertEquals(183L, report.getN());
    assertTrue(report.getConverged());
    assertEquals(5, report.getConstraints());
    assertEquals("entropy", report.getDivergence().toString());
    assertEquals(result.report().iterations(), report.getIterations());
  }
}
