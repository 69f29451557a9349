package org.flowimpute.bundle;

/**
 * The manifest format version {@code MAJOR.MINOR}. Readers accept any minor version of their major
 * (minor versions only add optional fields, which older readers ignore) and refuse other majors;
 * this code also reads {@link #OBSERVED_IN_UNITS}.
 *
 * @param major incompatible changes bump this
 * @param minor compatible additions bump this
 */
public record FormatVersion(int major, int minor) {

  /**
   * The version this code writes. 1.1 added the optional manifest fields {@code observed_targets},
   * {@code household} and {@code atoms} (continuous targets) and the optional bundle file {@code
   * synthesis.json}; 1.2 the optional {@code sign_ranges} of continuous targets' transforms; 1.3
   * the value tables of discrete numeric conditions in {@code synthesis.json}; 1.4 the optional
   * {@code category_shares} of categorical conditions (what an unknown value encodes to under
   * policy OTHER); 1.5 the optional {@code unit} of continuous targets' transforms (amounts mostly
   * below 1 are modelled as {@code log1p(|x| / unit)}); 1.6 the optional {@code training_range} of
   * numeric conditions.
   */
  public static final FormatVersion CURRENT = new FormatVersion(1, 6);

  /**
   * Written instead of {@link #CURRENT} for a model with observed-target inputs ({@code
   * --missing-targets}) whose transforms have a {@code unit} other than 1: a 1.x reader would
   * ignore the unit and encode the observed amounts wrongly, so it must refuse such a bundle. Same
   * content as {@link #CURRENT} otherwise.
   */
  public static final FormatVersion OBSERVED_IN_UNITS = new FormatVersion(2, 0);

  /** The version a manifest with this content is written as. */
  public static FormatVersion written(boolean observedTargets, boolean anyUnitBesidesOne) {
    return observedTargets && anyUnitBesidesOne ? OBSERVED_IN_UNITS : CURRENT;
  }

  /** Parses {@code "1.0"}; refuses anything else. */
  public static FormatVersion parse(String text) {
    if (text == null || !text.matches("\\d{1,4}\\.\\d{1,4}")) {
      throw new IllegalArgumentException(
          "format version must look like '1.0', got " + (text == null ? "null" : "'" + text + "'"));
    }
    int dot = text.indexOf('.');
    return new FormatVersion(
        Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
  }

  /** Whether this code can read a manifest of this version: 1.x and 2.0. */
  public boolean isReadable() {
    return major == CURRENT.major || equals(OBSERVED_IN_UNITS);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
