/** The request Try It opens with, from the model's own files, and what it was built from. */
import { buildServingRequest, readMlmodel, templateRequest } from './inputExample';
import { MLMODEL_FILE, type ServableModel } from './modelSource';

export interface ExampleRequest {
  /** Pretty-printed JSON for `/invocations`. */
  body: string;
  /** Where the body came from, or why it is only a template to fill in. */
  note: string;
}

function describeFormat(type: string | undefined, orient: string | undefined): string {
  if (type === 'dataframe') return `a DataFrame, pandas orient '${orient ?? 'split'}'`;
  return type ?? 'no format recorded';
}

export async function exampleRequest(model: ServableModel, signal?: AbortSignal): Promise<ExampleRequest> {
  const mlmodelFile = `${model.label}: ${MLMODEL_FILE}`;
  const mlmodelText = await model.readFile(MLMODEL_FILE, signal);
  if (mlmodelText === undefined) {
    return { body: templateRequest([]), note: `The model's files cannot be read from here (MLflow downloads ${model.modelUri} itself): write the request.` };
  }
  const facts = readMlmodel(mlmodelText, mlmodelFile);
  const template = templateRequest(facts.inputColumns);
  const info = facts.example;
  if (!info) {
    return { body: template, note: `No input example was logged with this model${facts.inputColumns.length ? ': the request lists its signature\'s columns' : ''}; fill in the values.` };
  }
  try {
    if (info.servingInputPath) {
      const servingText = await model.readFile(info.servingInputPath, signal);
      if (servingText !== undefined) {
        return { body: buildServingRequest({ text: '', file: '' }, info, { text: servingText, file: info.servingInputPath }), note: `From ${info.servingInputPath}, the request MLflow saved with the model.` };
      }
    }
    const exampleText = await model.readFile(info.artifactPath, signal);
    if (exampleText === undefined) return { body: template, note: `The MLmodel names ${info.artifactPath}, but the model has no such file: write the request.` };
    return {
      body: buildServingRequest({ text: exampleText, file: info.artifactPath }, info),
      note: `From ${info.artifactPath} (${describeFormat(info.type, info.pandasOrient)}${info.hasParams ? ', with params' : ''}).`,
    };
  } catch (error) {
    return { body: template, note: `${error instanceof Error ? error.message : String(error)} Write the request instead.` };
  }
}
