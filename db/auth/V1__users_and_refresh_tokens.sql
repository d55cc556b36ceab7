CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text        NOT NULL CHECK (email = lower(email)),
  password_hash text        NOT NULL,
  role          text        NOT NULL CHECK (role IN ('super_admin', 'staff', 'customer')),
  status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_newest_first ON users (created_at DESC, id DESC);

-- Refresh tokens are stored as SHA-256 digests: a database leak yields no usable token.
-- A family is the chain of tokens rotated from one login; reuse of a spent one revokes it all.
CREATE TABLE refresh_tokens (
  token_hash bytea PRIMARY KEY,
  family_id  uuid        NOT NULL,
  user_id    uuid        NOT NULL REFERENCES users (id),
  status     text        NOT NULL CHECK (status IN ('active', 'rotated', 'revoked')),
  issued_at  timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  spent_at   timestamptz
);

CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_active_by_user ON refresh_tokens (user_id) WHERE status = 'active';
