-- Distinct buyers of a period from a bounded number of rows, however many customers there are: a
-- buyer counts in a period on its first paid day in it, the day whose previous paid day is before
-- the period. Each paid day of a customer is counted under its day and its gap to the customer's
-- previous paid day, gaps of 30 days or more (and first purchases) under 30. A period of up to 30
-- days starting on day a then has sum(customers) WHERE day in the period AND gap > day - a.
CREATE TABLE buyer_gaps (
  day       date     NOT NULL,
  gap       smallint NOT NULL CHECK (gap BETWEEN 1 AND 30),
  customers integer  NOT NULL,
  PRIMARY KEY (day, gap)
);

-- a customer's paid days in order, to find the days before and after a new one
CREATE INDEX customer_days_by_customer ON customer_days (customer_id, day);

INSERT INTO buyer_gaps (day, gap, customers)
SELECT day, gap, count(*) FROM (
  SELECT day, least(coalesce(day - lag(day) OVER (PARTITION BY customer_id ORDER BY day), 30), 30) AS gap
  FROM customer_days) AS gaps
GROUP BY day, gap;
