-- An event parked and then delivered again (on Kafka: its offset was not committed, because the
-- broker went down while the letter was also sent to the .dlq topic) failed again and was parked a
-- second time. One waiting letter per event: the earliest stays.
DELETE FROM dead_letters d
WHERE d.replayed_at IS NULL
  AND EXISTS (SELECT 1 FROM dead_letters e
              WHERE e.event_id = d.event_id AND e.replayed_at IS NULL AND (e.failed_at, e.id) < (d.failed_at, d.id));

CREATE UNIQUE INDEX dead_letters_one_waiting_per_event ON dead_letters (event_id) WHERE replayed_at IS NULL;
