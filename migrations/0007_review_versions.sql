-- Each reviewer's entry on an item is versioned on its own (`reviews.version`): reviewers no
-- longer share an item-level version, so the table that held it goes.
DROP TABLE review_items;
