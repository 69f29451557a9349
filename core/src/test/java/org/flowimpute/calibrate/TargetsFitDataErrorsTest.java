package org.flowimpute.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.calibrate.targets.TargetsReader;
import org.junit.jupiter.api.Test;

/**
 * Targets that do not fit the records: errors name the targets file, the target and its place in
 * the file, and say what the file should hold; a number level matches the numbers of a numeric
 * column however it is written.
 */
class TargetsFitDataErrorsTest {

  private static final Schema SCHEMA =
      SchemaBuilder.record("Person")
          .fields()
          .requiredDouble("weight")
          .requiredString("region")
          .requiredString("sex")
          .requiredDouble("income")
          .endRecord();

  /** 8 records: regions north/south alternating, sex F/M by pairs, income 0 or 250.5; weight 10. */
  private static CalibrationData people(Set<String> numeric, Set<String> categories) {
    List<GenericRecord> records = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      GenericData.Record record = new GenericData.Record(SCHEMA);
      record.put("weight", 10.0);
      record.put("region", i % 2 == 0 ? "north" : "south");
      record.put("sex", i % 4 < 2 ? "F" : "M");
      record.put("income", i < 5 ? 0.0 : 250.5);
      records.add(record);
    }
    return RecordColumns.toData(records, "weight", numeric, categories);
  }

  private static String buildError(String yaml) {
    return assertThrows(
            IllegalArgumentException.class,
            () ->
                ProblemBuilder.build(
                    TargetsReader.parse(yaml, true),
                    people(Set.of("income"), Set.of("region", "sex")),
                    "targets file t.yaml"))
        .getMessage();
  }

  private static String buildError(String yaml, Set<String> categories) {
    return assertThrows(
            IllegalArgumentException.class,
            () ->
                ProblemBuilder.build(
                    TargetsReader.parse(yaml, true),
                    people(Set.of(), categories),
                    "targets file t.yaml"))
        .getMessage();
  }

  @Test
  void aNumberLevelMatchesTheNumericallyEqualValuesOfANumericColumn() {
    CalibrationProblem problem =
        ProblemBuilder.build(
            TargetsReader.parse(
                """
                targets:
                  - name: a
                    statistic: count
                    by: [income]
                    cells:
                      - {group: {income: 0.0}, value: 60}
                      - {group: {income: 250.50}, value: 30}
                """,
                true),
            people(Set.of(), Set.of("income")),
            "targets file t.yaml");

    CalibrationResult result = Calibrator.with(SolverOptions.defaults()).calibrate(problem);

    List<ConstraintReport> reports = result.report().constraintReports();
    assertEquals("a[income=0.0]", reports.get(0).name());
    assertEquals(60.0, reports.get(0).achieved(), 1e-6);
    assertEquals(30.0, reports.get(1).achieved(), 1e-6);
  }

  /**
   * A cell on a level no record has is refused before the solve, naming the file, the cell and the
   * levels in the data (until 2026-12-04 it failed only in the solve, as an empty group, and only
   * when its value was not 0).
   */
  @Test
  void aLevelNoRecordHasIsNamedWithTheFileAndTheLevelsPresent() {
    String absentText =
        buildError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: 40}
                  - {group: {region: island}, value: 100}
                  - {group: {region: south}, value: 40}
            """,
            Set.of("region"));
    String absentNumber =
        buildError(
            """
            targets:
              - name: a
                statistic: count
                by: [income]
                cells:
                  - {group: {income: 0.5}, value: 8000}
                  - {group: {income: 0}, value: 50}
                  - {group: {income: 250.5}, value: 30}
            """,
            Set.of("income"));

    assertEquals(
        "targets file t.yaml: target 'people': cell group {region=island} gives region 'island',"
            + " which no record has (levels of 'region' in the data: 'north', 'south'): write the"
            + " level as the data spell it, or remove the cell if no record is meant to have it"
            + " (at targets[0].cells[1])",
        absentText);
    assertEquals(
        "targets file t.yaml: target 'a': cell group {income=0.5} gives income '0.5', which no"
            + " record has (levels of 'income' in the data: '0', '250.5'): write the level as the"
            + " data spell it, or remove the cell if no record is meant to have it (at"
            + " targets[0].cells[0])",
        absentNumber);
  }

  /**
   * The error of a count target on {@code level} against one record of each of {@code regions}, the
   * target with a cell for each of them too.
   */
  private static String regionError(String level, String... regions) {
    List<String> people = new ArrayList<>();
    StringBuilder cells = new StringBuilder("{group: {region: \"" + level + "\"}, value: 40}");
    for (String region : regions) {
      people.add(region + "/F");
      cells.append(", {group: {region: \"").append(region).append("\"}, value: 10}");
    }
    String yaml =
        "targets:\n  - {name: people, statistic: count, by: [region], cells: [" + cells + "]}\n";
    return assertThrows(
            IllegalArgumentException.class,
            () ->
                ProblemBuilder.build(
                    TargetsReader.parse(yaml, true),
                    data(people.toArray(String[]::new)),
                    "targets file t.yaml"))
        .getMessage();
  }

  /**
   * The error of calibrating {@code yaml} against one record of weight 10 per entry of {@code
   * people}, each "region/sex" (region and sex categorical).
   */
  private static String error(String yaml, String... people) {
    CalibrationProblem problem =
        ProblemBuilder.build(TargetsReader.parse(yaml, true), data(people), "targets file t.yaml");
    return assertThrows(
            InfeasibleTargetsException.class,
            () -> Calibrator.with(SolverOptions.defaults()).calibrate(problem))
        .getMessage();
  }

  /** One record of weight 10 per entry of {@code people}, each "region/sex" (both categorical). */
  private static CalibrationData data(String... people) {
    List<GenericRecord> records = new ArrayList<>();
    for (String person : people) {
      GenericData.Record record = new GenericData.Record(SCHEMA);
      record.put("weight", 10.0);
      record.put("region", person.substring(0, person.indexOf('/')));
      record.put("sex", person.substring(person.indexOf('/') + 1));
      record.put("income", 0.0);
      records.add(record);
    }
    return RecordColumns.toData(records, "weight", Set.of(), Set.of("region", "sex"));
  }

  /**
   * A level that differs from the data's only in Unicode normalisation (a file saved as NFD, as
   * macOS keyboards write) or in spaces around it is not matched, and the error says what differs:
   * it listed the data's level, which looks the same on screen.
   */
  @Test
  void aLevelThatLooksLikeTheDatasSaysWhatDiffers() {
    String decomposed = regionError("Su\u0308d", "Nord", "S\u00fcd");
    String spaced = regionError("Nord", "Nord ", "S\u00fcd");
    String cased = regionError("nord", "Nord", "S\u00fcd");

    assertEquals(
        "targets file t.yaml: target 'people': cell group {region=Su\u0308d} gives region"
            + " 'Su\u0308d', which no record has (levels of 'region' in the data: 'Nord',"
            + " 'S\u00fcd'): 'Su\u0308d' differs from the data's 'S\u00fcd' only in Unicode"
            + " normalisation (NFD vs NFC): save the targets file as NFC; write the level as the"
            + " data spell it, or remove the cell if no record is meant to have it (at"
            + " targets[0].cells[0])",
        decomposed);
    assertEquals(
        "targets file t.yaml: target 'people': cell group {region=Nord} gives region 'Nord', which"
            + " no record has (levels of 'region' in the data: 'Nord ', 'S\u00fcd'): 'Nord'"
            + " differs from the data's 'Nord ' only in spaces around it; write the level as the"
            + " data spell it, or remove the cell if no record is meant to have it (at"
            + " targets[0].cells[0])",
        spaced);
    assertEquals(
        "targets file t.yaml: target 'people': cell group {region=nord} gives region 'nord', which"
            + " no record has (levels of 'region' in the data: 'Nord', 'S\u00fcd'): 'nord'"
            + " differs from the data's 'Nord' only in letter case; write the level as the data"
            + " spell it, or remove the cell if no record is meant to have it (at"
            + " targets[0].cells[0])",
        cased);
  }

  /**
   * A share's category or a target's class that no record has is named with the levels in the data
   * and, when it looks like one of them, with what differs: the share said only "is it spelled as
   * in the data?" and the class nothing, while the data's level printed alike.
   */
  @Test
  void aShareCategoryOrClassThatLooksLikeTheDatasSaysWhatDiffers() {
    String decomposed =
        error(
            "targets:\n  - {name: south, statistic: share, column: region, category: \"Su\u0308d\","
                + " value: 0.5}\n",
            "Nord/F",
            "S\u00fcd/F");
    String spaced =
        error(
            "classColumn: sex\ntargets:\n  - {name: women, statistic: count, class: F, value: 40}\n",
            "Nord/F ",
            "S\u00fcd/M");
    String unknown =
        error(
            "targets:\n  - {name: east, statistic: share, column: region, category: Ost, value: 0.5}\n",
            "Nord/F",
            "S\u00fcd/F");

    assertEquals(
        "target 'south' (share(region=Su\u0308d)) = 0.5 lies at or above every value in its group,"
            + " so no positive weights reach it: targets file t.yaml (at targets[0]) gives category"
            + " 'Su\u0308d', which no record has (levels of 'region' in the data: 'Nord',"
            + " 'S\u00fcd'): 'Su\u0308d' differs from the data's 'S\u00fcd' only in Unicode"
            + " normalisation (NFD vs NFC): save the targets file as NFC",
        decomposed);
    assertEquals(
        "target 'women' (count) = 40.0 but no record contributes to it (empty group): targets file"
            + " t.yaml (at targets[0]) gives class 'F', which no record has (levels of 'sex' in the"
            + " data: 'F ', 'M'): 'F' differs from the data's 'F ' only in spaces around it",
        spaced);
    assertEquals(
        "target 'east' (share(region=Ost)) = 0.5 lies at or above every value in its group, so no"
            + " positive weights reach it: targets file t.yaml (at targets[0]) gives category 'Ost',"
            + " which no record has (levels of 'region' in the data: 'Nord', 'S\u00fcd'): is it"
            + " spelled as in the data?",
        unknown);
  }

  /** A category that records have, but none of the group, keeps the question of its spelling. */
  @Test
  void aShareCategoryAbsentOnlyFromItsGroupAsksAboutTheSpelling() {
    String message =
        error(
            """
            targets:
              - name: men
                statistic: share
                column: sex
                category: M
                by: [region]
                cells: [{group: {region: Nord}, value: 0.5}, {group: {region: Ost}, value: 0.5}]
            """,
            "Nord/F",
            "Ost/M",
            "Ost/F");

    assertEquals(
        "target 'men[region=Nord]' (share(sex=M)) = 0.5 lies at or above every value in its group,"
            + " so no positive weights reach it (no record of the group has that category: is it"
            + " spelled as in the data?)",
        message);
  }

  @Test
  void aMissingValueOrColumnIsNamedInTheFilesWords() {
    assertEquals(
        "targets file t.yaml: target 'a': `value:` is missing: the target's loss is not band, so"
            + " it needs a value (at targets[0])",
        buildError("targets: [{name: a, statistic: count}]"));
    assertEquals(
        "targets file t.yaml: target 'b': cell {region=south}: `value:` is missing: the target's"
            + " loss is not band, so it needs a value (at targets[1].cells[0])",
        buildError(
            """
            targets:
              - {name: a, statistic: count, value: 80}
              - {name: b, statistic: count, by: [region], cells: [{group: {region: south}}]}
            """));
    assertEquals(
        "targets file t.yaml: target 'a': `statistic: total` needs `column:`, the column whose"
            + " total is targeted (at targets[0])",
        buildError("targets: [{name: a, statistic: total, value: 20000}]"));
  }

  @Test
  void aGroupWithAColumnNotInByNamesThatColumn() {
    assertEquals(
        "targets file t.yaml: target 'a': cell group {region=north, sex=F} gives a level for"
            + " 'sex', which the target's by: [region] does not list: add that column to by, or"
            + " leave it out of the group (at targets[0].cells[0])",
        buildError(
            """
            targets:
              - name: a
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north, sex: F}, value: 5}
            """));
    assertEquals(
        "targets file t.yaml: target 'a': cell group {region=north} gives no level for 'sex': a"
            + " cell of a target by: [region, sex] gives a level for each of them (at"
            + " targets[0].cells[0])",
        buildError(
            """
            targets:
              - name: a
                statistic: count
                by: [region, sex]
                cells:
                  - {group: {region: north}, value: 5}
            """));
  }

  @Test
  void aGroupListedTwiceNamesBothCells() {
    assertEquals(
        "targets file t.yaml: target 'people': cells 1 and 2 both give the group {region=north}:"
            + " give each group once, with one value (at targets[0].cells[1])",
        buildError(
            """
            targets:
              - name: people
                statistic: count
                by: [region]
                cells:
                  - {group: {region: north}, value: 6000}
                  - {group: {region: north}, value: 7000}
            """));
    assertEquals(
        "targets file t.yaml: target 'a': cells 1 and 2 both give the group {income=0}: give"
            + " each group once, with one value (at targets[0].cells[1])",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ProblemBuilder.build(
                        TargetsReader.parse(
                            """
                            targets:
                              - name: a
                                statistic: count
                                by: [income]
                                cells:
                                  - {group: {income: 0.0}, value: 5}
                                  - {group: {income: 0}, value: 5}
                            """,
                            true),
                        people(Set.of(), Set.of("income")),
                        "targets file t.yaml"))
            .getMessage());
  }
}
