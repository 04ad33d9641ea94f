-- The step a welder's own words last put them at, kept while the step pointer has moved
-- ahead only because they read about a later step ('': they had reported none yet; NULL:
-- the pointer is where they are).
ALTER TABLE progress ADD COLUMN reported TEXT;
