-- Erasing a reader deletes their recommendations and reports, and deleting their account
-- row makes the database check that no such row still names it: without these, each was a
-- pass over every recommendation and report of the site inside the erasure's transaction,
-- which holds up every other writer (comments, publishing) while it runs.
CREATE INDEX comment_recommendations_by_user ON comment_recommendations (user_id);
CREATE INDEX comment_reports_by_user ON comment_reports (user_id);
