package org.flowimpute.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.flowimpute.table.RowNames;

/**
 * Refuses a DCR holdout that holds training records: the DCR compares synthetic rows with real rows
 * the model never saw, and holdout rows that are training rows sit at distance 0 from themselves,
 * which makes any synthesizer look private (an overlapping holdout was accepted without a word).
 * Records are the same when every field the two tables share holds the same value (numbers compared
 * as numbers, so 5 read from CSV and 5.0 from Avro are equal).
 */
final class HoldoutOverlap {

  private HoldoutOverlap() {}

  /**
   * Throws naming the first holdout record that is also a training record, and how many are.
   *
   * @param trainOption the option that named the training records ({@code --train} or {@code
   *     --real})
   */
  static void refuse(
      List<GenericRecord> holdout,
      RowNames holdoutRows,
      List<GenericRecord> train,
      RowNames trainRows,
      String trainOption) {
    if (holdout.isEmpty() || train.isEmpty()) {
      return;
    }
    List<String> shared = sharedFields(holdout.get(0).getSchema(), train.get(0).getSchema());
    Map<List<String>, Integer> trainIndex = new HashMap<>();
    for (int r = 0; r < train.size(); r++) {
      trainIndex.putIfAbsent(values(train.get(r), shared), r);
    }
    int first = -1;
    int overlapping = 0;
    for (int r = 0; r < holdout.size(); r++) {
      Integer match = trainIndex.get(values(holdout.get(r), shared));
      if (match != null) {
        overlapping++;
        if (first < 0) {
          first = r;
        }
      }
    }
    if (first >= 0) {
      throw new IllegalArgumentException(
          "--holdout "
              + holdoutRows.of(first)
              + " is the record "
              + trainRows.of(trainIndex.get(values(holdout.get(first), shared)))
              + " of "
              + trainOption
              + " (all "
              + shared.size()
              + " fields they share are equal), and so are "
              + overlapping
              + " of the "
              + holdout.size()
              + " holdout records; the DCR holdout must be real records the model never saw");
    }
  }

  private static List<String> sharedFields(Schema holdout, Schema train) {
    TreeSet<String> names = new TreeSet<>();
    holdout.getFields().forEach(field -> names.add(field.name()));
    names.retainAll(train.getFields().stream().map(Schema.Field::name).toList());
    return List.copyOf(names);
  }

  private static List<String> values(GenericRecord record, List<String> fields) {
    return fields.stream().map(field -> text(record.get(field))).toList();
  }

  private static String text(Object value) {
    if (value instanceof Number number) {
      return Double.toString(number.doubleValue());
    }
    return String.valueOf(value);
  }
}
