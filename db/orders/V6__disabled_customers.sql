-- Whether auth's last word on the user's account (user.status_changed, in order per user with its
-- registration and role changes) was that it is disabled: staff do not order for a disabled account.
ALTER TABLE customers ADD COLUMN disabled boolean NOT NULL DEFAULT false;
