-- The generation of a user's access tokens: a change of role or status moves it on, and the
-- gateways, told by user.role_changed / user.status_changed, refuse the tokens of an older one.
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;
