-- Customer profiles. A registered customer's profile has the id of its auth user (orders and
-- payments name customers by it) and its email is auth's, kept from auth's events; a profile staff
-- create for a phone or in-store customer has an id of its own, no user and an email staff keep.
CREATE TABLE profiles (
  id          uuid        PRIMARY KEY,
  user_id     uuid        UNIQUE,
  email       text,
  first_name  text,
  last_name   text,
  phone       text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NULL OR user_id = id)
);

-- staff do not create two profiles for one email
CREATE UNIQUE INDEX profiles_staff_email ON profiles (lower(email)) WHERE user_id IS NULL AND email IS NOT NULL;
CREATE INDEX profiles_list ON profiles (created_at, id);
