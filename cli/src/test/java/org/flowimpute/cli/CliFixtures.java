package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * What several CLI tests make or read the same way: a bundle trained on demo data through the
 * commands, and the Avro shards {@code impute} writes.
 */
final class CliFixtures {

  private CliFixtures() {}

  /**
   * {@code demo-data} (600 rows, seed 3) into {@code directory}, then {@code train} region, age,
   * sex, employment → wage_income, net_savings with the given size into {@code directory/bundle}.
   *
   * @return the bundle directory
   */
  static Path trainOnDemoData(Path directory, int epochs, int hidden, int layers) {
    Path training = directory.resolve("train.csv");
    Path bundle = directory.resolve("bundle");
    run("demo-data", "--rows", "600", "--seed", "3", "--out", training.toString()).assertOk();
    train(
            List.of(
                "--data",
                training.toString(),
                "--conditions",
                "region,age,sex,employment",
                "--categorical",
                "region,sex,employment",
                "--targets",
                "wage_income,net_savings",
                "--weight",
                "weight"),
            epochs,
            hidden,
            layers,
            bundle)
        .assertOk();
    return bundle;
  }

  /**
   * A household model trained on 300 demo household members (seed 1): condition {@code role} plus
   * the household features, {@code targets}, in {@code directory}/{@code name}.
   */
  static Path trainHouseholdModel(
      Path directory,
      String name,
      String targets,
      int epochs,
      int hidden,
      int layers,
      String... extraOptions) {
    Path training = directory.resolve(name + "-train.avro");
    Path bundle = directory.resolve(name + ".zip");
    run("demo-data", "--households", "--rows", "300", "--seed", "1", "--out", training.toString())
        .assertOk();
    train(
            List.of(
                "--data",
                training.toString(),
                "--conditions",
                "role",
                "--categorical",
                "role",
                "--targets",
                targets,
                "--weight",
                "weight",
                "--household-id",
                "household_id",
                "--household-age",
                "age"),
            epochs,
            hidden,
            layers,
            bundle,
            extraOptions)
        .assertOk();
    return bundle;
  }

  /**
   * {@code train} with {@code options} and the model's size, without progress, into {@code bundle}.
   */
  static CommandRun train(
      List<String> options,
      int epochs,
      int hidden,
      int layers,
      Path bundle,
      String... extraOptions) {
    List<String> command = new ArrayList<>(List.of("train"));
    command.addAll(options);
    command.addAll(
        List.of(
            "--epochs",
            Integer.toString(epochs),
            "--hidden",
            Integer.toString(hidden),
            "--layers",
            Integer.toString(layers),
            "--no-progress",
            "--out",
            bundle.toString()));
    return run(command, extraOptions);
  }

  /** {@code generate} with {@code bundle} from {@code input} to {@code output}. */
  static CommandRun generate(Path bundle, Path input, Path output, String... extraOptions) {
    return run(
        List.of(
            "generate",
            "--model",
            bundle.toString(),
            "--input",
            input.toString(),
            "--output",
            output.toString()),
        extraOptions);
  }

  /**
   * {@code impute} with {@code bundle}, records keyed by {@code keyField}, writing {@code
   * imputed-*} shards (records and dead letters) into {@code outputDirectory}.
   */
  static CommandRun impute(
      Path bundle, Path input, Path outputDirectory, String keyField, String... extraOptions) {
    return run(imputeArguments(bundle, input, outputDirectory, keyField), extraOptions);
  }

  /** {@code calibrate} of {@code data} (a table or a glob) by its field weight into {@code out}. */
  static CommandRun calibrate(String data, Path targets, Path out) {
    return run(
        "calibrate",
        "--data",
        data,
        "--weight",
        "weight",
        "--targets",
        targets.toString(),
        "--out",
        out.toString());
  }

  /** The arguments of {@link #impute} without the extra options, from the subcommand on. */
  static List<String> imputeArguments(
      Path bundle, Path input, Path outputDirectory, String keyField) {
    return List.of(
        "impute",
        "--model",
        bundle.toString(),
        "--input",
        input.toString(),
        "--output",
        outputDirectory.resolve("imputed").toString(),
        "--key-field",
        keyField);
  }

  /**
   * The mean over {@code real}'s rows, weighted by its column {@code weight} (null: unweighted), of
   * |signed-log real − signed-log drawn| of {@code target}: the CRPS of one draw per row.
   */
  static double oneDrawCrps(
      List<GenericRecord> real, List<GenericRecord> drawn, String target, String weight) {
    double sum = 0;
    double weights = 0;
    for (int r = 0; r < real.size(); r++) {
      double w = weight == null ? 1 : number(real.get(r), weight);
      sum +=
          w
              * Math.abs(
                  signedLog(number(real.get(r), target)) - signedLog(number(drawn.get(r), target)));
      weights += w;
    }
    return sum / weights;
  }

  private static double number(GenericRecord record, String field) {
    return ((Number) record.get(field)).doubleValue();
  }

  private static double signedLog(double x) {
    return Math.signum(x) * Math.log1p(Math.abs(x));
  }

  /** The records of the Avro files in {@code directory} whose names start with {@code prefix}. */
  static List<GenericRecord> readShards(Path directory, String prefix) throws IOException {
    List<GenericRecord> records = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        try (DataFileReader<GenericRecord> reader =
            new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
          reader.forEach(records::add);
        }
      }
    }
    return records;
  }
}
