package org.flowimpute.cli;

import static org.flowimpute.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import org.apache.beam.sdk.options.Description;
import org.flowimpute.pipelines.io.kafka.KafkaOptions;
import org.junit.jupiter.api.Test;

/**
 * {@code stream --help} lists the {@code --kafka*} options and the other job options only Beam
 * reads ({@code --lambda}, {@code --numShards}, ...) from the arguments the command passes on: they
 * were documented only in docs/streaming.md. {@code impute --help} lists its own ({@code
 * --checkKeys}).
 */
class StreamHelpTest {

  private static String help(String... args) {
    CommandRun result = run(args);
    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    return result.out();
  }

  @Test
  void helpListsTheKafkaOptionsWithTheirValuesAndDefaults() {
    String help = help("stream", "--help");

    assertTrue(help.contains("Kafka options (for kafka:// sources and outputs;"), help);
    for (String option :
        List.of(
            "--kafkaDeadLetterOutput=<string>",
            "--kafkaFormat=AVRO|JSON",
            "--kafkaGroup=<string>",
            "--kafkaOutput=<string>",
            "--kafkaStartOffset=EARLIEST|LATEST",
            "--kafkaTimestamps=true|false")) {
      assertTrue(help.contains("  " + option + " "), option + " missing in:\n" + help);
    }
    String flat = help.replaceAll("\\s+", " ");
    assertTrue(flat.contains("Kafka value format: AVRO (binary,"), help);
    assertTrue(flat.contains("in any case. Default: AVRO."), help);
    assertTrue(flat.contains("Default: EARLIEST."), help);
    assertTrue(help.indexOf("--kafkaFormat") > help.indexOf("--window"), help);
  }

  /** Every option KafkaOptions describes is listed, so a new one cannot be left out. */
  @Test
  void everyDescribedKafkaOptionIsListed() {
    String help = help("help", "stream");

    for (Method getter : KafkaOptions.class.getDeclaredMethods()) {
      if (getter.isAnnotationPresent(Description.class)) {
        String property = getter.getName().replaceFirst("^(get|is)", "");
        String option = "--" + Character.toLowerCase(property.charAt(0)) + property.substring(1);
        assertTrue(help.contains(option + "="), option + " missing in:\n" + help);
      }
    }
  }

  @Test
  void helpListsTheJobOptionsOnlyBeamReadsAndNoneTheCommandSpells() {
    String help = help("stream", "--help");
    String section = help.substring(help.indexOf("Job options without a command-line spelling"));

    for (String option :
        List.of(
            "--lambda=<double>",
            "--modelDirectory=<string>",
            "--modelRefresh=<string>",
            "--numShards=<int>")) {
      assertTrue(section.contains("  " + option + " "), option + " missing in:\n" + section);
    }
    assertTrue(section.replaceAll("\\s+", " ").contains("Default: 1.0."), section);
    for (String spelt :
        List.of("--window=", "--recordSchema=", "--keyField=", "--kafkaFormat=", "--weightField")) {
      assertFalse(section.contains(spelt), spelt + " listed in:\n" + section);
    }
  }

  @Test
  void imputeHelpListsCheckKeysAmongTheJobOptionsOnlyBeamReads() {
    String help = help("impute", "--help");
    String section = help.substring(help.indexOf("Job options without a command-line spelling"));

    assertTrue(section.contains("  --checkKeys=true|false "), section);
    assertTrue(section.replaceAll("\\s+", " ").contains("Default: true."), section);
    assertFalse(section.contains("--runId"), section);
    assertFalse(section.contains("--input="), section);
  }
}
