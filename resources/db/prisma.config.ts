// Prisma 7 CLI configuration for resources/db (Prisma 7 no longer accepts `url` in
// schema.prisma). The web platform's own prisma.config.ts points at the same files.
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: env("DATABASE_URL") },
});
