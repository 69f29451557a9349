package org.flowimpute.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Errors name options as the command spells them, and leave Beam-only options as Beam's. */
class OptionSpellingsTest {

  private final CommandSpec stream = new CommandLine(new StreamCommand()).getCommandSpec();

  @Test
  void commandOptionsAreNamedAsTheCommandSpellsThem() {
    assertEquals(
        "--group-field 'county' is not in the targets; key field 'pid' (--key-field) is missing",
        OptionSpellings.inCommandSpelling(
            stream,
            "--groupField 'county' is not in the targets; key field 'pid' (--keyField) is missing"));
  }

  @Test
  void textThatIsNotAnOptionIsLeftAlone() {
    assertEquals(
        "cannot read targets file /data/run--weightOut/t.json (--weight-out)",
        OptionSpellings.inCommandSpelling(
            new CommandLine(new CalibrateCommand()).getCommandSpec(),
            "cannot read targets file /data/run--weightOut/t.json (--weightOut)"));
  }

  @Test
  void beamOnlyOptionsKeepBeamsName() {
    assertEquals(
        "--kafkaStartOffset must be EARLIEST or LATEST",
        OptionSpellings.inCommandSpelling(stream, "--kafkaStartOffset must be EARLIEST or LATEST"));
  }
}
