package com.shopifygenie.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchesTest {

  /** Batches as they were served, each to be finished by the test. */
  private final List<List<Batches.Waiting<Integer, String>>> served = new ArrayList<>();
  private final List<Promise<Void>> finishing = new ArrayList<>();

  private Batches<Integer, String> batches(int inFlight, int largest) {
    return new Batches<>(inFlight, largest, batch -> {
      served.add(batch);
      var done = Promise.<Void>promise();
      finishing.add(done);
      return done.future();
    });
  }

  private static void answerAll(List<Batches.Waiting<Integer, String>> batch) {
    batch.forEach(waiting -> waiting.answer().complete("answer " + waiting.request()));
  }

  @Test
  void aRequestGoesAtOnceAndThoseThatComeMeanwhileGoTogetherNext() {
    var batches = batches(1, 100);
    var first = batches.submit(1);
    assertEquals(1, served.size(), "a quiet shop's request goes at once, alone");
    var later = List.of(batches.submit(2), batches.submit(3), batches.submit(4));
    assertEquals(1, served.size(), "nothing more goes while the one batch in flight is served");
    answerAll(served.get(0));
    finishing.get(0).complete();
    assertEquals("answer 1", first.result());
    assertEquals(2, served.size());
    assertEquals(List.of(2, 3, 4), served.get(1).stream().map(Batches.Waiting::request).toList());
    answerAll(served.get(1));
    finishing.get(1).complete();
    assertEquals(List.of("answer 2", "answer 3", "answer 4"), later.stream().map(Future::result).toList());
  }

  @Test
  void batchesGoUpToTheLargestAndAsManyAtOnceAsAllowed() {
    var batches = batches(2, 3);
    var all = new ArrayList<Future<String>>();
    for (int i = 0; i < 9; i++) {
      all.add(batches.submit(i));
    }
    assertEquals(List.of(1, 1), served.stream().map(List::size).toList(), "two go at once, alone");
    for (int next = 0; next < served.size(); next++) {
      answerAll(served.get(next));
      finishing.get(next).complete();
    }
    assertEquals(List.of(1, 1, 3, 3, 1), served.stream().map(List::size).toList());
    assertEquals(9, all.stream().filter(f -> f.succeeded()).count());
  }

  @Test
  void aFailedBatchFailsItsRequestsOnlyAndOneLeftUnansweredFails() {
    var batches = batches(1, 100);
    var first = batches.submit(1);
    var second = batches.submit(2);
    var third = batches.submit(3);
    finishing.get(0).fail(new IllegalStateException("connection lost"));
    assertTrue(first.failed());
    assertEquals("connection lost", first.cause().getMessage());
    assertEquals(List.of(2, 3), served.get(1).stream().map(Batches.Waiting::request).toList());
    served.get(1).get(0).answer().complete("two");
    finishing.get(1).complete();
    assertEquals("two", second.result());
    assertTrue(third.failed(), "a request its batch left unanswered is not left waiting");
  }

  @Test
  void aServeThatThrowsFailsItsBatchAndTheNextStillGoes() {
    var calls = new ArrayList<Integer>();
    var batches = new Batches<Integer, String>(1, 10, batch -> {
      calls.add(batch.size());
      if (batch.get(0).request() == 0) {
        throw new IllegalArgumentException("bad batch");
      }
      batch.forEach(waiting -> waiting.answer().complete("ok"));
      return Future.succeededFuture();
    });
    assertEquals("bad batch", batches.submit(0).cause().getMessage());
    assertEquals("ok", batches.submit(1).result());
    assertEquals(List.of(1, 1), calls);
  }
}
