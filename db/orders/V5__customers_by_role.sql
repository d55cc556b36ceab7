-- Only customers may be ordered for. The users this domain knows keep whether auth's last word on
-- their role (user.registered, then user.role_changed, in order per user) was customer: a staff
-- member or super admin is known as no customer, so that a customer token issued before a role
-- change, ordering for itself, does not make its user a customer again.
ALTER TABLE customers ADD COLUMN is_customer boolean NOT NULL DEFAULT true;

-- Rows taken before this knew every announced user as a customer, staff and super admins
-- included, and the registration events are not kept: their roles cannot be read back. What
-- orders' own data tells is kept: whoever placed an order for someone else acted as staff (a
-- customer orders only for itself). The others stay customers until auth says otherwise.
UPDATE customers SET is_customer = false
  WHERE id IN (SELECT created_by FROM orders WHERE created_by <> customer_id);
