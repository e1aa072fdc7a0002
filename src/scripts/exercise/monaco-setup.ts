// Monaco, loaded on demand (see editor-loader.ts): the slim editor API plus only the features the
// exercises use, the YAML language with monaco-yaml's schema validation, completion and hover, and
// themes that follow the site's light/dark setting.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
import 'monaco-editor/esm/vs/editor/browser/coreCommands';
import 'monaco-editor/esm/vs/editor/browser/widget/codeEditor/codeEditorWidget';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation';
import 'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations';
// Ctrl+M switches Tab from indenting to moving focus, so keyboard users can leave the editor.
import 'monaco-editor/esm/vs/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode';
// Completion: with slim imports the suggest widget needs inlineCompletions registered too.
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestInlineCompletions';
import 'monaco-editor/esm/vs/editor/contrib/inlineCompletions/browser/inlineCompletions.contribution';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/esm/vs/editor/common/standaloneStrings';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import YamlWorker from './yaml.worker?worker';

export type Monaco = typeof monaco;
export type Editor = monaco.editor.IStandaloneCodeEditor;

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

// The Kubernetes JSON schema the engine validates against: one data file shared by the engine and
// the editor (see src/sim/schema/README.md), loaded with the editor, never before.
const loadSchema = () => import('../../sim/schema/kubernetes.schema.json').then((m) => m.default as object);

let configured: Promise<void> | null = null;

/**
 * monaco-yaml 5.5.1 (through monaco-worker-manager) calls `editor.createWebWorker({ label, moduleId,
 * createData })`, but this Monaco's createWebWorker wants the worker itself (`{ worker }`) and never
 * sends createData: without help no worker starts and every request fails with "Missing
 * requestHandler or method: doValidation" (monaco-editor issue 5310). So monaco-yaml gets a Monaco
 * whose createWebWorker starts the YAML worker itself and posts createData before Monaco's protocol.
 */
function withYamlWorker(): Monaco {
  const createWebWorker = (options: { createData?: unknown; label?: string } & Record<string, unknown>) => {
    const worker = new YamlWorker();
    // monaco-worker-manager's worker swallows the first message to install Monaco's initializer,
    // which takes the second one as createData; Monaco's own protocol starts after that.
    worker.postMessage('init');
    worker.postMessage(options.createData);
    return (monaco.editor.createWebWorker as (o: unknown) => unknown)({ ...options, worker });
  };
  return { ...monaco, editor: { ...monaco.editor, createWebWorker } } as unknown as Monaco;
}

async function configureYaml(): Promise<void> {
  const schemas: Array<{ uri: string; fileMatch: string[]; schema: object }> = [];
  try {
    schemas.push({ uri: 'https://course.local/schema/kubernetes.schema.json', fileMatch: ['**/*.yaml'], schema: await loadSchema() });
  } catch {
    // A schema that fails to load only costs completion and hover, never the editor.
  }
  configureMonacoYaml(withYamlWorker(), { enableSchemaRequest: false, isKubernetes: true, completion: true, hover: true, validate: true, schemas });
}

function themeName(): string {
  return document.documentElement.dataset.theme === 'dark' ? 'vs-dark' : 'vs';
}

let themeObserver: MutationObserver | null = null;

function followSiteTheme(): void {
  if (themeObserver) return;
  themeObserver = new MutationObserver(() => monaco.editor.setTheme(themeName()));
  themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

export interface CreateEditorOptions {
  container: HTMLElement;
  exerciseId: string;
  value: string;
  label: string;
}

export async function createEditor(options: CreateEditorOptions): Promise<{ monaco: Monaco; editor: Editor }> {
  configured ??= configureYaml();
  await configured;
  followSiteTheme();
  const uri = monaco.Uri.parse(`file:///exercise/${options.exerciseId}.yaml`);
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(options.value, 'yaml', uri);
  model.setValue(options.value);
  const editor = monaco.editor.create(options.container, {
    model,
    theme: themeName(),
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    tabSize: 2,
    insertSpaces: true,
    detectIndentation: false,
    renderWhitespace: 'boundary',
    quickSuggestions: { other: true, comments: false, strings: true },
    ariaLabel: options.label,
    accessibilitySupport: 'auto',
    fixedOverflowWidgets: true,
    scrollbar: { alwaysConsumeMouseWheel: false },
  });
  return { monaco, editor };
}
