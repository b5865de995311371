/**
 * VS Code's Dark+ and Light+ colours, applied to a harness page the way VS Code applies a theme:
 * `--vscode-*` variables on the root element and a `vscode-dark`/`vscode-light` body class (the
 * toolkit re-reads the variables when that class changes). Set through the CSSOM, which the CSP
 * allows, unlike a style attribute. Colours in `rgb()` so computed styles compare exactly.
 */
import type { Page } from 'playwright-core';

export type ThemeName = 'dark' | 'light' | 'high-contrast';

const COMMON = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", monospace',
  '--vscode-editor-font-size': '14px',
  '--vscode-button-foreground': 'rgb(255, 255, 255)',
  '--vscode-button-secondaryForeground': 'rgb(255, 255, 255)',
  '--vscode-charts-orange': 'rgb(209, 134, 22)',
};

export const THEMES: Record<ThemeName, Record<string, string>> = {
  dark: {
    ...COMMON,
    '--vscode-foreground': 'rgb(204, 204, 204)',
    '--vscode-editor-foreground': 'rgb(212, 212, 212)',
    '--vscode-editor-background': 'rgb(30, 30, 30)',
    '--vscode-descriptionForeground': 'rgba(204, 204, 204, 0.7)',
    '--vscode-focusBorder': 'rgb(0, 127, 212)',
    '--vscode-button-background': 'rgb(14, 99, 156)',
    '--vscode-button-hoverBackground': 'rgb(17, 119, 187)',
    '--vscode-button-secondaryBackground': 'rgb(58, 61, 65)',
    '--vscode-button-secondaryHoverBackground': 'rgb(69, 73, 78)',
    '--vscode-dropdown-background': 'rgb(60, 60, 60)',
    '--vscode-dropdown-foreground': 'rgb(240, 240, 240)',
    '--vscode-dropdown-border': 'rgb(60, 60, 60)',
    '--vscode-input-background': 'rgb(60, 60, 60)',
    '--vscode-input-foreground': 'rgb(204, 204, 204)',
    '--vscode-input-placeholderForeground': 'rgb(166, 166, 166)',
    '--vscode-checkbox-background': 'rgb(60, 60, 60)',
    '--vscode-checkbox-border': 'rgb(107, 107, 107)',
    '--vscode-checkbox-foreground': 'rgb(240, 240, 240)',
    '--vscode-list-activeSelectionBackground': 'rgb(4, 57, 94)',
    '--vscode-list-activeSelectionForeground': 'rgb(255, 255, 255)',
    '--vscode-editorWidget-border': 'rgb(69, 69, 69)',
    '--vscode-textLink-foreground': 'rgb(55, 148, 255)',
    '--vscode-textLink-activeForeground': 'rgb(55, 148, 255)',
    '--vscode-badge-background': 'rgb(77, 77, 77)',
    '--vscode-badge-foreground': 'rgb(255, 255, 255)',
    '--vscode-errorForeground': 'rgb(244, 135, 113)',
    '--vscode-editorWarning-foreground': 'rgb(204, 167, 0)',
    '--vscode-textCodeBlock-background': 'rgba(10, 10, 10, 0.4)',
    '--vscode-editor-selectionBackground': 'rgb(38, 79, 120)',
    '--vscode-charts-blue': 'rgb(55, 148, 255)',
    '--vscode-charts-green': 'rgb(137, 209, 133)',
    '--vscode-charts-red': 'rgb(241, 76, 76)',
    '--vscode-charts-purple': 'rgb(177, 128, 215)',
    '--vscode-charts-yellow': 'rgb(204, 167, 0)',
  },
  light: {
    ...COMMON,
    '--vscode-foreground': 'rgb(97, 97, 97)',
    '--vscode-editor-foreground': 'rgb(0, 0, 0)',
    '--vscode-editor-background': 'rgb(255, 255, 255)',
    '--vscode-descriptionForeground': 'rgb(113, 113, 113)',
    '--vscode-focusBorder': 'rgb(0, 144, 241)',
    '--vscode-button-background': 'rgb(0, 122, 204)',
    '--vscode-button-hoverBackground': 'rgb(0, 98, 163)',
    '--vscode-button-secondaryBackground': 'rgb(95, 106, 121)',
    '--vscode-button-secondaryHoverBackground': 'rgb(76, 85, 97)',
    '--vscode-dropdown-background': 'rgb(255, 255, 255)',
    '--vscode-dropdown-foreground': 'rgb(97, 97, 97)',
    '--vscode-dropdown-border': 'rgb(206, 206, 206)',
    '--vscode-input-background': 'rgb(255, 255, 255)',
    '--vscode-input-foreground': 'rgb(97, 97, 97)',
    '--vscode-input-border': 'rgb(206, 206, 206)',
    '--vscode-input-placeholderForeground': 'rgb(118, 118, 118)',
    '--vscode-checkbox-background': 'rgb(255, 255, 255)',
    '--vscode-checkbox-border': 'rgb(145, 145, 145)',
    '--vscode-checkbox-foreground': 'rgb(97, 97, 97)',
    '--vscode-list-activeSelectionBackground': 'rgb(0, 96, 192)',
    '--vscode-list-activeSelectionForeground': 'rgb(255, 255, 255)',
    '--vscode-editorWidget-border': 'rgb(200, 200, 200)',
    '--vscode-textLink-foreground': 'rgb(0, 106, 177)',
    '--vscode-textLink-activeForeground': 'rgb(0, 106, 177)',
    '--vscode-badge-background': 'rgb(196, 196, 196)',
    '--vscode-badge-foreground': 'rgb(51, 51, 51)',
    '--vscode-errorForeground': 'rgb(161, 38, 13)',
    '--vscode-editorWarning-foreground': 'rgb(191, 136, 3)',
    '--vscode-textCodeBlock-background': 'rgba(220, 220, 220, 0.4)',
    '--vscode-editor-selectionBackground': 'rgb(173, 214, 255)',
    '--vscode-charts-blue': 'rgb(26, 133, 255)',
    '--vscode-charts-green': 'rgb(56, 138, 52)',
    '--vscode-charts-red': 'rgb(229, 20, 0)',
    '--vscode-charts-purple': 'rgb(101, 45, 144)',
    '--vscode-charts-yellow': 'rgb(191, 136, 3)',
  },
  // Dark High Contrast: black and white, with the contrast borders VS Code draws around everything.
  'high-contrast': {
    ...COMMON,
    '--vscode-foreground': 'rgb(255, 255, 255)',
    '--vscode-editor-foreground': 'rgb(255, 255, 255)',
    '--vscode-editor-background': 'rgb(0, 0, 0)',
    '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)',
    '--vscode-focusBorder': 'rgb(243, 133, 24)',
    '--vscode-contrastBorder': 'rgb(111, 195, 223)',
    '--vscode-contrastActiveBorder': 'rgb(243, 133, 24)',
    '--vscode-button-background': 'rgb(0, 0, 0)',
    '--vscode-button-border': 'rgb(111, 195, 223)',
    '--vscode-input-background': 'rgb(0, 0, 0)',
    '--vscode-input-foreground': 'rgb(255, 255, 255)',
    '--vscode-input-border': 'rgb(111, 195, 223)',
    '--vscode-editorWidget-border': 'rgb(111, 195, 223)',
    '--vscode-textLink-foreground': 'rgb(33, 167, 255)',
    '--vscode-errorForeground': 'rgb(244, 135, 113)',
    '--vscode-textCodeBlock-background': 'rgb(10, 10, 10)',
    '--vscode-charts-blue': 'rgb(55, 148, 255)',
    '--vscode-charts-green': 'rgb(137, 209, 133)',
    '--vscode-charts-yellow': 'rgb(255, 204, 0)',
  },
};

export async function applyTheme(page: Page, theme: ThemeName): Promise<void> {
  await page.evaluate(
    ({ name, variables }) => {
      const root = document.documentElement.style;
      for (const [variable, value] of Object.entries(variables)) root.setProperty(variable, value);
      document.body.setAttribute('data-vscode-theme-kind', `vscode-${name}`);
      document.body.classList.remove('vscode-dark', 'vscode-light', 'vscode-high-contrast');
      document.body.classList.add(`vscode-${name}`);
    },
    { name: theme, variables: THEMES[theme] },
  );
}
