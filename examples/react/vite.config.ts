import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The token route lives on your portal's server. In development, Vite forwards /api to it, so the page and the
// token route share an origin and the portal's session cookie goes along (here: the sample portal of `npm start`).
export default defineConfig({
  // Relative asset URLs: the built page works from any path of your site (e2e serves it at /embed-<name>/).
  base: './',
  plugins: [react()],
  server: {
    proxy: { '/api': process.env.PORTAL_URL ?? 'http://127.0.0.1:8080' },
  },
});
