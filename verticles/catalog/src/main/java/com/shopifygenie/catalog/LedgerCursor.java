package com.shopifygenie.catalog;

import com.shopifygenie.platform.Problem;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * A follower's place in the stock ledger, as the opaque next_cursor of listStockMovements: after
 * a product's movement number seq in that product's ledger, or after (xidMark, productId, seq) in
 * the whole ledger. Each list takes only its own kind: a cursor of another list, of another
 * product, or of the time-ordered ledger before V4 is a 400, never a place guessed at.
 */
record LedgerCursor(Long xidMark, UUID productId, long seq) {

  /** Before the first movement of a product's list (seq counts from 1). */
  static final LedgerCursor PRODUCT_START = new LedgerCursor(null, null, 0);
  /**
   * Before the first movement of the whole ledger: below every place, so the store's query is one
   * row comparison the index answers, with no "no cursor" case.
   */
  static final LedgerCursor WHOLE_START = new LedgerCursor(Long.MIN_VALUE, new UUID(0, 0), 0);

  private static final String PRODUCT = "p";
  private static final String WHOLE = "w";

  /** After this movement, in the list of its product alone or in the whole ledger. */
  static LedgerCursor after(Movement movement, boolean ofProduct) {
    return new LedgerCursor(ofProduct ? null : movement.xidMark(), movement.productId(), movement.seq());
  }

  String encode() {
    var raw = xidMark == null ? PRODUCT + "_" + productId + "_" + seq : WHOLE + "_" + xidMark + "_" + productId + "_" + seq;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The cursor a client sent to the list of this product (null: the whole ledger); the list's start
   * when none was sent.
   */
  static LedgerCursor decode(String cursor, UUID productId) {
    if (cursor == null) {
      return productId == null ? WHOLE_START : PRODUCT_START;
    }
    LedgerCursor decoded;
    try {
      var parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split("_", -1);
      if (parts.length == 3 && parts[0].equals(PRODUCT)) {
        decoded = new LedgerCursor(null, UUID.fromString(parts[1]), Long.parseLong(parts[2]));
      } else if (parts.length == 4 && parts[0].equals(WHOLE)) {
        decoded = new LedgerCursor(Long.parseLong(parts[1]), UUID.fromString(parts[2]), Long.parseLong(parts[3]));
      } else {
        throw new IllegalArgumentException("not a ledger cursor");
      }
    } catch (RuntimeException e) {
      throw Problem.validation("query.cursor", "format", "The cursor is not one this API returned");
    }
    var fits = productId == null ? decoded.xidMark() != null
      : decoded.xidMark() == null && decoded.productId().equals(productId);
    if (!fits || decoded.seq() < 1) {
      throw Problem.validation("query.cursor", "format", "The cursor is not one this API returned for this list: "
        + "start again without one");
    }
    return decoded;
  }
}
