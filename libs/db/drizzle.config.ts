import { defineConfig } from 'drizzle-kit';

// Regenerate with: npx drizzle-kit generate --config libs/db/drizzle.config.ts
export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/db/schema.ts',
  out: './libs/db/migrations',
});
