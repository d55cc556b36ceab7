-- Revenue and refunds are sums of amounts: each payment or refund is an amount (at most 2^63 - 1
-- minor units), a day's or a product's day's sum of them may not be, and a bigint counter then
-- failed the payment's update and parked it for good. numeric holds any sum of them exactly; an
-- answer that reports a total past the largest amount says so (409 amount-limit). Units and counts
-- stay integers: no orders' limits let them come near theirs.
ALTER TABLE daily_sales ALTER COLUMN revenue TYPE numeric, ALTER COLUMN refunds TYPE numeric;
ALTER TABLE daily_product_sales ALTER COLUMN revenue TYPE numeric;
