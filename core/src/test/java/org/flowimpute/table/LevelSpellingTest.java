package org.flowimpute.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What tells a level apart from a known one that looks the same on screen. */
class LevelSpellingTest {

  private static final List<String> KNOWN = List.of("Nord", "S\u00fcd", "\u00cele-de-France");

  private static String difference(String level) {
    return LevelSpelling.difference(level, KNOWN, "the data's", "the targets file");
  }

  /**
   * A level is quoted so that one with spaces around it, a comma in it or none at all shows ('north
   * ' read as 'north', 'south, coast' as two levels); a control character is escaped so that it
   * cannot break a one-line error.
   */
  @Test
  void quotesALevelSoThatSpacesCommasAndControlCharactersShow() {
    assertEquals("'north'", LevelSpelling.quoted("north"));
    assertEquals("'Île-de-France'", LevelSpelling.quoted("Île-de-France"));
    assertEquals("'north '", LevelSpelling.quoted("north "));
    assertEquals("'south, coast'", LevelSpelling.quoted("south, coast"));
    assertEquals("'north\\nline'", LevelSpelling.quoted("north\nline"));
    assertEquals("'bell\\u0007'", LevelSpelling.quoted("bell\u0007"));
    assertEquals("'say \"hi\"'", LevelSpelling.quoted("say \"hi\""));
    assertEquals("''", LevelSpelling.quoted(""));
  }

  @Test
  void quotesLevelsSoThatSpacesAroundThemShow() {
    assertEquals("'Nord ', 'Ost'", LevelSpelling.quoted(List.of("Nord ", "Ost")));
    assertEquals("'a', 'b' and 2 more", LevelSpelling.quoted(List.of("a", "b", "c", "d"), 2));
  }

  @Test
  void namesADifferenceInUnicodeNormalisationAndTheFormToSaveIn() {
    assertEquals(
        "'Su\u0308d' differs from the data's 'S\u00fcd' only in Unicode normalisation (NFD vs"
            + " NFC): save the targets file as NFC",
        difference("Su\u0308d"));
  }

  @Test
  void namesADifferenceInSpacesAroundTheLevel() {
    assertEquals(
        "'Nord\\t' differs from the data's 'Nord' only in spaces around it", difference("Nord\t"));
  }

  @Test
  void namesBothDifferencesWhenALevelHasBoth() {
    assertEquals(
        "' I\u0302le-de-France' differs from the data's '\u00cele-de-France' only in spaces around"
            + " it and in Unicode normalisation (NFD vs NFC): save the targets file as NFC",
        difference(" I\u0302le-de-France"));
  }

  /**
   * 'South' for the model's 'south' is named too (until 2026-12-04 it got no hint), after a level
   * that differs only in spaces or normalisation, which is the likelier one meant.
   */
  @Test
  void namesADifferenceInLetterCaseAlsoWithTheOthers() {
    assertEquals("'nord' differs from the data's 'Nord' only in letter case", difference("nord"));
    assertEquals(
        "'NORD ' differs from the data's 'Nord' only in spaces around it and in letter case",
        difference("NORD "));
    assertEquals(
        "' SU\u0308D' differs from the data's 'S\u00fcd' only in spaces around it, in letter case"
            + " and in Unicode normalisation (NFD vs NFC): save the targets file as NFC",
        difference(" SU\u0308D"));
    assertEquals(
        "'STRASSE' differs from the model's 'Stra\u00dfe' only in letter case",
        LevelSpelling.difference("STRASSE", List.of("Stra\u00dfe"), "the model's", "the input"));
    assertEquals(
        "'South' differs from the model's 'South ' only in spaces around it",
        LevelSpelling.difference("South", List.of("south", "South "), "the model's", "the input"));
  }

  /**
   * Two spellings in neither normal form (a Kelvin sign K, then é precomposed or decomposed) differ
   * in normalisation though their forms have the same name; no form to save in is suggested.
   */
  @Test
  void namesANormalisationDifferenceBetweenTwoTextsInNeitherForm() {
    assertEquals(
        "'\u212a\u00e9' differs from the model's '\u212ae\u0301' only in Unicode normalisation"
            + " (neither NFC nor NFD vs neither NFC nor NFD)",
        LevelSpelling.difference(
            "\u212a\u00e9", List.of("\u212ae\u0301"), "the model's", "the input"));
  }

  @Test
  void saysNothingOfALevelThatDiffersVisibly() {
    assertNull(difference("Nor"));
    assertNull(difference("Sued"));
    assertNull(difference("Nord-Ost"));
  }
}
