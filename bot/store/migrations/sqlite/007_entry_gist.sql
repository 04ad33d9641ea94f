-- A teacher's new entry may carry a gist: its answer's core fact in one line, shown under
-- its title when the bot asks back. Entries saved before have none.
ALTER TABLE knowledge_entries ADD COLUMN gist TEXT NOT NULL DEFAULT '';
