package org.flowimpute.cli;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.avro.DemoPerson;
import org.flowimpute.demo.DemoPopulation;
import org.flowimpute.demo.DemoSchemas;
import org.flowimpute.demo.HouseholdDemoPopulation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowimpute demo-data}: writes a demo population with a known truth (see
 * docs/demo-population.md) as CSV, Avro or Parquet, to try the other commands and test them against
 * the truth.
 */
@Command(
    name = "demo-data",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Write a demo population (households of persons with demographics, incomes, benefits,"
          + " taxes, savings and survey weights) whose exact conditional laws are known.",
      "Rows are persons: households are generated until there are N persons (the last household is"
          + " cut to fit). The file format follows the extension of --out (csv, avro or parquet)."
    })
public final class DemoDataCommand implements Callable<Integer> {
  @Mixin VerboseOption verbose;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rows",
      required = true,
      paramLabel = "N",
      converter = PositiveRows.class,
      description = "Persons to write (at least 1).")
  long rows;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description = "Random seed (default: ${DEFAULT-VALUE}); same seed and rows, same file.")
  long seed;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Output file: .csv, .avro or .parquet.")
  Path out;

  @Option(
      names = "--conditions-only",
      description = "Write only ids, demographics and weight (the input of imputation).")
  boolean conditionsOnly;

  @Option(
      names = "--households",
      description =
          "Write the household demo instead (adults, children, roles; wage and benefit depend on"
              + " the household's number of children): --rows then counts households.")
  boolean households;

  /** Parses --rows, refusing values below 1 as a usage error. */
  static final class PositiveRows implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long rows;
      try {
        rows = Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number");
      }
      if (rows < 1) {
        throw new CommandLine.TypeConversionException("must be at least 1, got " + value);
      }
      return rows;
    }
  }

  @Override
  public Integer call() {
    OptionRanges.requireTableName(spec, "--out", out);
    StalePartials.remove(out, spec.commandLine().getErr());
    long start = System.nanoTime();
    if (households) {
      return writeHouseholds(start);
    }
    Schema schema = conditionsOnly ? DemoSchemas.CONDITIONS : DemoSchemas.PERSON;
    String[] lastHousehold = {""};
    PartialFile.writeTable(
        out,
        schema,
        writer -> {
          Iterator<DemoPerson> persons = DemoPopulation.withSeed(seed).persons(rows);
          while (persons.hasNext()) {
            DemoPerson person = persons.next();
            lastHousehold[0] = person.getHouseholdId();
            writer.write(conditionsOnly ? DemoSchemas.conditionsOf(person) : person);
          }
        });
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s in %s to %s (%.1f s)%n",
            counted(rows, "person", "persons"),
            counted(Long.parseLong(lastHousehold[0].substring(1)), "household", "households"),
            out,
            (System.nanoTime() - start) / 1e9);
    return ExitCodes.OK;
  }

  private Integer writeHouseholds(long start) {
    Schema schema =
        conditionsOnly ? HouseholdDemoPopulation.CONDITIONS : HouseholdDemoPopulation.PERSON;
    long[] persons = {0};
    PartialFile.writeTable(
        out,
        schema,
        writer -> {
          Iterator<GenericRecord> all = HouseholdDemoPopulation.withSeed(seed).persons(rows);
          while (all.hasNext()) {
            GenericRecord person = all.next();
            writer.write(conditionsOnly ? HouseholdDemoPopulation.conditionsOf(person) : person);
            persons[0]++;
          }
        });
    spec.commandLine()
        .getOut()
        .printf(
            "wrote %s in %s (household demo) to %s (%.1f s)%n",
            counted(persons[0], "person", "persons"),
            counted(rows, "household", "households"),
            out,
            (System.nanoTime() - start) / 1e9);
    return ExitCodes.OK;
  }

  /** {@code count} and the noun in the number it needs: "1 person", "2 persons". */
  private static String counted(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
