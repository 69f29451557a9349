package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.DemoPerson;
import org.flowimpute.demo.DemoPopulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stream --run-for} on the default DirectRunner: the command cancels the job after the given
 * time, returns, and prints the counts and the globs of its record, report and dead-letter files.
 */
class StreamCommandTest {

  /** 2026-01-01T00:00:00Z. */
  private static final long T0 = 1_767_225_600_000L;

  private static final int RECORDS = 100;

  @TempDir Path temp;

  @Test
  void runForCancelsTheJobOnTheDirectRunnerAndPrintsCountsAndFileGlobs() throws Exception {
    Path bundle = CliFixtures.trainOnDemoData(temp, 1, 8, 1);
    Path in = Files.createDirectories(temp.resolve("in"));
    List<GenericRecord> people = timedDemoPeople();
    writeAvro(in.resolve("01.avro"), people);
    Path targets = temp.resolve("targets.yaml");
    Files.writeString(targets, meanAgeTarget(people));
    String output = temp.resolve("out").resolve("stream").toString();

    CommandRun result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(90),
            () ->
                run(
                    "stream",
                    "--model",
                    bundle.toString(),
                    "--source",
                    "dir://" + in,
                    "--targets",
                    targets.toString(),
                    "--window",
                    "10s",
                    "--output",
                    output,
                    "--idle-timeout",
                    "1s",
                    "--poll-interval",
                    "200ms",
                    "--max-out-of-orderness",
                    "1s",
                    "--key-field",
                    "person_id",
                    "--run-for",
                    "12s"),
            "stream --run-for 12s did not return");

    result.assertOk();
    assertEquals(
        List.of(
            "stream cancelled: read "
                + RECORDS
                + " records, imputed "
                + RECORDS
                + ", 0 dead letters",
            "output: " + output + "-[0-9]*.avro",
            "reports: " + output + "-reports-*.avro",
            "dead letters: " + output + "-dead-letters-*.avro"),
        result.out().lines().toList());
  }

  /** Demo persons with event times 100 ms apart from {@link #T0}: one 10 s window. */
  private static List<GenericRecord> timedDemoPeople() {
    Schema schema = BenchStreamCommand.timedSchema();
    List<GenericRecord> people = new ArrayList<>();
    Iterator<DemoPerson> persons = DemoPopulation.withSeed(7).persons(RECORDS);
    for (int i = 0; persons.hasNext(); i++) {
      DemoPerson person = persons.next();
      GenericData.Record record = new GenericData.Record(schema);
      for (Schema.Field field : DemoPerson.getClassSchema().getFields()) {
        record.put(field.pos(), person.get(field.pos()));
      }
      record.put("event_time", T0 + i * 100L);
      people.add(record);
    }
    return people;
  }

  private static void writeAvro(Path file, List<GenericRecord> records) throws IOException {
    Schema schema = records.get(0).getSchema();
    try (DataFileWriter<GenericRecord> writer =
        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.create(schema, file.toFile());
      for (GenericRecord record : records) {
        writer.append(record);
      }
    }
  }

  private static String meanAgeTarget(List<GenericRecord> people) {
    double sum = 0;
    double weights = 0;
    for (GenericRecord person : people) {
      double weight = (Double) person.get("weight");
      sum += weight * (Integer) person.get("age");
      weights += weight;
    }
    return String.format(
        Locale.ROOT,
        "targets:%n  - name: mean_age%n    statistic: mean%n    column: age%n    value: %.6f%n",
        sum / weights);
  }
}
