import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset URLs: the built page works from any path of your site (e2e serves it at /embed-<name>/).
  base: './',
  plugins: [
    vue({
      // <vk-*> are custom elements, not Vue components: Vue renders them as-is and sets their properties.
      template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('vk-') } },
    }),
  ],
  // The token route lives on your portal's server. In development, Vite forwards /api to it, so the page and the
  // token route share an origin and the portal's session cookie goes along (here: the sample portal of `npm start`).
  server: { proxy: { '/api': process.env.PORTAL_URL ?? 'http://127.0.0.1:8080' } },
});
