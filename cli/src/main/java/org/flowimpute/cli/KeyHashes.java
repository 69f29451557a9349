package org.flowimpute.cli;

/**
 * The 64-bit hashes of the record keys seen so far, in an open-addressing table of longs (8 to 16
 * bytes per key): {@code generate --key-column} finds a key that repeats without holding the keys.
 * A hash seen before means the key probably repeats; the caller confirms it by comparing the texts
 * (two different keys share a hash with a chance of about n²/2⁶⁵).
 */
final class KeyHashes {

  private long[] slots = new long[1 << 10];
  private boolean hasZero;
  private int size;

  /** Adds {@code key}'s hash; false when the hash was there already. */
  boolean add(String key) {
    long hash = hash(key);
    if (hash == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    if (2 * (size + 1) > slots.length) {
      grow();
    }
    if (!insert(slots, hash)) {
      return false;
    }
    size++;
    return true;
  }

  private static boolean insert(long[] table, long hash) {
    int mask = table.length - 1;
    for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
      if (table[i] == hash) {
        return false;
      }
      if (table[i] == 0) {
        table[i] = hash;
        return true;
      }
    }
  }

  private void grow() {
    long[] larger = new long[slots.length * 2];
    for (long hash : slots) {
      if (hash != 0) {
        insert(larger, hash);
      }
    }
    slots = larger;
  }

  /** FNV-1a over the key's chars, then MurmurHash3's 64-bit finalizer. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
