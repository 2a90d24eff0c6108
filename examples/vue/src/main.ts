import { createApp } from 'vue';
// Registers <vk-visit> and its parts (the package entry has lit and livekit-client as peer dependencies).
import '@visitkit/elements';
import App from './App.vue';

createApp(App).mount('#app');
