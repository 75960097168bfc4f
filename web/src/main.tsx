import './styles.css';
import { render } from 'preact';
import { initI18n } from './i18n';
import { restoreSession } from './state/session';
import { App } from './App';

await initI18n();
render(<App />, document.getElementById('app')!);
void restoreSession();
