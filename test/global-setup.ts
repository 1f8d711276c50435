// Replaced by the database set-up (embedded PostgreSQL + template database) in the foundation work.
export default async function setup() {}
