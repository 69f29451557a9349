package org.flowimpute.encode;

import java.util.Locale;
import java.util.Set;

/**
 * The text that data exports write for a missing value ({@code NA} from R, {@code #N/A} from Excel,
 * {@code NULL} from SQL tools, {@code NaN} from pandas): numeric columns refuse it as not a number,
 * but a categorical column read it as one more category, so a model learned "missing" as a kind of
 * employment. Categorical columns refuse these markers as they refuse an empty cell.
 */
public final class MissingMarkers {

  /** The markers, lower case; they are matched in any case, surrounding spaces ignored. */
  private static final Set<String> MARKERS = Set.of("na", "n/a", "#n/a", "null", "nan");

  private static final int LONGEST = 4;

  private MissingMarkers() {}

  /** Whether {@code value} is text spelling a missing value ({@code NA}, {@code n/a}, …). */
  public static boolean isMarker(Object value) {
    if (!(value instanceof CharSequence text)) {
      return false;
    }
    String stripped = text.toString().strip();
    return stripped.length() <= LONGEST && MARKERS.contains(stripped.toLowerCase(Locale.ROOT));
  }

  /**
   * The error for a categorical {@code field} of {@code record} holding the marker {@code value}:
   * of kind {@link EncodingException.Kind#NULL}, as an empty cell's.
   */
  public static EncodingException refused(String record, String field, Object value) {
    return new EncodingException(
        record,
        field,
        EncodingException.Kind.NULL,
        "is '"
            + value
            + "', which marks a missing value; expected a category (NA, N/A, #N/A, NULL and NaN,"
            + " in any case, are read as missing, as an empty cell is; recode a category really"
            + " spelled so, e.g. to N.A.)");
  }
}
