package org.flowimpute.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.flowimpute.encode.EncodingException;
import org.flowimpute.household.HouseholdContext;
import org.flowimpute.table.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The household path of {@code train} checks the columns before reading, names bad rows by file and
 * row as the person path does, and says what is wrong when the household features come out
 * constant.
 */
class HouseholdTrainingTableTest {

  @TempDir Path temp;

  private static final HouseholdContext HOUSEHOLD = HouseholdContext.standard("hid", null);

  /** Columns hid, age, wage; row {@code r} (0-based) in household {@code householdOf(r)}. */
  private Path csv(String name, int rows, IntFunction<String> householdOf) throws Exception {
    StringBuilder csv = new StringBuilder("hid,age,wage\n");
    for (int r = 0; r < rows; r++) {
      csv.append(householdOf.apply(r))
          .append(',')
          .append(20 + r % 50)
          .append(',')
          .append(r % 3 == 0 ? 0 : 1000 + 37 * r)
          .append('\n');
    }
    Path file = temp.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, csv);
    return file;
  }

  private static TrainingTable read(Path file, String... conditions) throws Exception {
    BundleTrainer trainer =
        BundleTrainer.of(new TrainingColumns(List.of(conditions), List.of("wage"), Set.of(), null))
            .withHousehold(HOUSEHOLD);
    return HouseholdTrainingTable.read(file, trainer.columns(), HOUSEHOLD, Tables::reader);
  }

  @Test
  void readsTheFeatures() throws Exception {
    TrainingTable table = read(csv("p.csv", 90, r -> "h" + (r < 45 ? r / 3 : r / 2)), "age");

    assertEquals(90, table.rows());
    assertEquals(3.0, table.numbers("household_size")[0]);
    assertEquals(2.0, table.numbers("household_size")[89]);
  }

  /** It failed after reading the whole file as "Not a valid schema field: agex". */
  @Test
  void aMisspeltColumnIsNamedWithTheFilesColumns() throws Exception {
    Path file = csv("p.csv", 90, r -> "h" + r / 3);

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> read(file, "agex"));

    assertEquals(
        "column 'agex' not found in " + file + " (columns: hid, age, wage)", error.getMessage());
  }

  @Test
  void aMissingHouseholdIdColumnIsNamedWithTheFilesColumns() throws Exception {
    Path file = temp.resolve("p.csv");
    Files.writeString(file, "age,wage\n30,1\n");
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> read(file, "age"));

    assertEquals("column 'hid' not found in " + file + " (columns: age, wage)", error.getMessage());
  }

  /** It said "row 110: field 'age': …", counting rows across the files of the glob. */
  @Test
  void aBadRowOfAGlobIsNamedByItsFileAndRowThere() throws Exception {
    csv("glob/a.csv", 100, r -> "a" + r / 2);
    Path b = csv("glob/b.csv", 60, r -> "b" + r / 2);
    Files.writeString(b, Files.readString(b).replaceFirst("\nb4,29,", "\nb4,old,"));

    EncodingException error =
        assertThrows(EncodingException.class, () -> read(temp.resolve("glob/*.csv"), "age"));

    assertEquals(
        b
            + " row 10: field 'age': expected a number, got 'old' (if the column holds categories,"
            + " list it in --categorical)",
        error.getMessage());
  }

  /** It said "condition 'household_size' is constant …; drop it from the conditions". */
  @Test
  void householdsOfOneMemberPointAtTheIdColumn() throws Exception {
    Path file = csv("p.csv", 90, r -> "p" + r);

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> read(file, "age"));

    assertEquals(
        "--household-id hid: every household in "
            + file
            + " has one member (no two rows share a value), so household_size is 1 on every row"
            + " and carries no information: check that hid holds household ids (not person ids),"
            + " or train without --household-id",
        error.getMessage());
  }

  @Test
  void oneHouseholdOfAllRowsPointsAtTheIdColumn() throws Exception {
    Path file = csv("p.csv", 90, r -> "h");

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> read(file, "age"));

    assertEquals(
        "--household-id hid: all 90 rows of "
            + file
            + " are one household (they share one value), so household_size is 90 on every row"
            + " and carries no information: check that hid holds household ids, or train without"
            + " --household-id",
        error.getMessage());
  }
}
