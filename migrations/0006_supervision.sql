-- Supervision deadlines as the plan writes them (附件3 二(二)1): a stated deadline is kept
-- however far away; only an item without one gets the 1-week default, which the bureau may
-- extend, with a reason, to at most 1 month after assignment.
--
-- Whether a deadline was stated was not recorded before this migration. Existing items are
-- marked stated: their deadline stays exactly as it was, and none of them can be extended,
-- which is what the service allowed until now.
ALTER TABLE supervision_items ADD COLUMN deadline_stated BIGINT NOT NULL DEFAULT 1;

-- Why the bureau extended the default deadline (absent when it never did).
ALTER TABLE supervision_items ADD COLUMN extension_reason TEXT;
