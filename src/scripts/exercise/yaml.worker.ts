// monaco-yaml's language worker, bundled by Vite as its own worker file (imported with ?worker).
import 'monaco-yaml/yaml.worker.js';
