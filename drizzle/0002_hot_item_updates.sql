-- Every tick rewrites last_run_at of the items it ran. Free space on each page lets PostgreSQL do
-- those as HOT updates (no index is touched, since last_run_at is not indexed) instead of inserting
-- into all four indexes of schedule_items.
ALTER TABLE "schedule_items" SET (fillfactor = 70);
